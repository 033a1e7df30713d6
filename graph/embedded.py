"""Control of the embedded Neo4j: build the launcher, start it, wait for Bolt, stop it.

The launcher is the Maven module `embedded-neo4j/` (Neo4j 5.26 Community through
`DatabaseManagementServiceBuilder`). It runs as a child process so the API, the CLI and the tests
all talk to it through Bolt exactly as they would to a real server.

An instance is its data folder. A command only ever uses a server it can prove is its own: one
that answers on the configured Bolt port, accepts the configured password and reports, in its own
settings, that it was started from this data folder. A server on that port started from another
folder (another checkout, a test run, a Neo4j Desktop) is never adopted: every command stops
with one error naming both folders. The pid file in the data folder counts only while that pid
is alive and is the launcher for this folder, so a stale file or a reused pid is never signalled.
"""

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from powermap.graph import catalog
from powermap.resources import LAUNCHER, resource_dir
from powermap.settings import Settings

MODULE_DIR = resource_dir(LAUNCHER)
LAUNCHER_JAR = MODULE_DIR / "target" / "embedded-neo4j.jar"
JVM_HEAP = "3g"


class EmbeddedNeo4jError(RuntimeError):
    """The embedded server could not be built, started or reached; the message says why."""


@dataclass(frozen=True)
class EmbeddedStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    data_dir: Path

    @property
    def summary(self) -> str:
        """Which server this is, in the words a user needs to tell two instances apart."""
        return f"{self.bolt_uri} (pid {self.pid or 'unknown'}, data folder {self.data_dir})"


def _sources_newer_than_jar() -> bool:
    if not LAUNCHER_JAR.exists():
        return True
    built = LAUNCHER_JAR.stat().st_mtime
    sources = [MODULE_DIR / "pom.xml", *MODULE_DIR.joinpath("src").rglob("*.java")]
    return any(path.stat().st_mtime > built for path in sources)


def build_launcher() -> Path:
    """Build the launcher jar with one Maven call when it is missing or older than its sources."""
    if not _sources_newer_than_jar():
        return LAUNCHER_JAR
    result = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(MODULE_DIR / "pom.xml"), "package", "-DskipTests"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not LAUNCHER_JAR.exists():
        tail = (result.stdout + result.stderr).strip().splitlines()[-30:]
        raise EmbeddedNeo4jError("Maven could not build the Neo4j launcher:\n" + "\n".join(tail))
    return LAUNCHER_JAR


class EmbeddedNeo4j:
    """One embedded Neo4j server, identified by its data folder and ports."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.data_dir = Path(settings.embedded_data_dir).resolve()
        self.pid_file = self.data_dir / "powermap-neo4j.pid"
        self.launcher_log = self.data_dir / "launcher.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings.embedded_bolt_port}"

    def _launcher_pid(self) -> int | None:
        """The pid in this folder's pid file, if that process is alive and launched this folder."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        arguments = _command_line(pid)
        for flag, value in itertools.pairwise(arguments):
            if flag == "--data" and Path(value) == self.data_dir:
                return pid
        return None

    def _bolt_port_open(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", self.settings.embedded_bolt_port)) == 0

    def _served_home(self) -> Path | None:
        """The data folder of the Neo4j answering on the Bolt port, in its own words; None if none answers."""
        if not self._bolt_port_open():
            return None
        auth = (self.settings.neo4j_user, self.settings.neo4j_password.get_secret_value())
        try:
            with GraphDatabase.driver(self.bolt_uri, auth=auth, connection_timeout=2.0) as driver:
                records, _, _ = driver.execute_query(catalog.query("embedded/home"), database_="system")
        except (ServiceUnavailable, OSError):
            return None
        except AuthError as error:
            raise EmbeddedNeo4jError(
                f"a Neo4j on {self.bolt_uri} refuses this instance's password, so it is not the one "
                f"started from {self.data_dir}; stop it or choose other ports ({error.message})"
            ) from error
        return Path(records[0]["home"]).resolve()

    def status(self) -> EmbeddedStatus:
        """Whether this instance's server answers, and where; an error if a stranger holds the port."""
        home = self._served_home()
        if home is not None and home != self.data_dir:
            raise EmbeddedNeo4jError(
                f"the Neo4j answering on {self.bolt_uri} was started from {home}, not from this "
                f"instance's data folder {self.data_dir}; it is not used. Stop it, or give this "
                "instance other ports (POWERMAP_EMBEDDED_BOLT_PORT, POWERMAP_EMBEDDED_HTTP_PORT)")
        return EmbeddedStatus(
            running=home is not None,
            pid=self._launcher_pid(),
            bolt_uri=self.bolt_uri,
            browser_url=f"http://127.0.0.1:{self.settings.embedded_http_port}/browser/",
            data_dir=self.data_dir,
        )

    def start(self, *, owner_pid: int | None = None) -> EmbeddedStatus:
        """Start the server, or reuse the one already running from this data folder.

        With `owner_pid` the server stops by itself when that process ends (`powermap serve`).
        """
        status = self.status()
        if status.running:
            return status
        if status.pid is not None:
            raise EmbeddedNeo4jError(
                f"the Neo4j started from {self.data_dir} (pid {status.pid}) does not answer on "
                f"{self.bolt_uri}: it is still starting or was started with other ports; wait, or "
                "stop it with `powermap neo4j stop`")
        jar = build_launcher()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        settings = self.settings
        command = [
            "java",
            f"-Xmx{JVM_HEAP}",
            "-jar",
            str(jar),
            "--data", str(self.data_dir),
            "--bolt-port", str(settings.embedded_bolt_port),
            "--http-port", str(settings.embedded_http_port),
            "--page-cache", settings.embedded_page_cache,
            "--tx-memory", settings.embedded_tx_memory,
            "--tx-timeout-seconds", str(settings.embedded_tx_timeout_seconds),
        ]
        command += ["--config", str(self._write_browser_config())]
        if owner_pid is not None:
            command += ["--owner-pid", str(owner_pid)]
        env = {**os.environ, "POWERMAP_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value()}
        with self.launcher_log.open("w") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + settings.embedded_start_timeout_seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise EmbeddedNeo4jError(self._failure("the Neo4j launcher exited"))
            if "READY" in self.launcher_log.read_text() and self._served_home() == self.data_dir:
                return self.status()
            time.sleep(0.5)
        raise EmbeddedNeo4jError(self._failure("Neo4j did not answer on Bolt in time"))

    def _write_browser_config(self) -> Path:
        """Neo4j Browser settings: on connecting, load Powermap's style and guide from the API."""
        api = f"http://127.0.0.1:{self.settings.api_port}/neo4j-browser"
        config = self.data_dir / "browser.conf"
        config.write_text(
            f"browser.post_connect_cmd=style {api}/powermap.grass; play {api}/guide.html\n"
            "browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1\n"
        )
        return config

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server started from this data folder; True when one was running."""
        pid = self._launcher_pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            self._reap(pid)
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            self._reap(pid)
        self.pid_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _reap(pid: int) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)

    def _failure(self, what: str) -> str:
        launcher = _tail(self.launcher_log, 20)
        debug = _tail(self.data_dir / "logs" / "debug.log", 20)
        errors = [line for line in launcher.splitlines() if line.startswith("ERROR")]
        headline = errors[-1].removeprefix("ERROR ") if errors else what
        return f"{headline}\n--- launcher output ---\n{launcher}\n--- neo4j debug.log ---\n{debug}"


def _command_line(pid: int) -> list[str]:
    """The arguments of a live process (empty when it is gone or a zombie)."""
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.parent.is_dir():
        with contextlib.suppress(OSError):
            return proc.read_bytes().decode(errors="replace").split("\0")
        return []
    listed = subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True)
    return listed.stdout.split()


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(none)"
