"""Outage: N concurrent clients while Neo4j is killed and restarted, then hung and resumed.

    .venv/bin/python -m bench.outage [--clients 32] [--seconds 5] [--bolt-port 27687 ...]

Starts its own embedded Neo4j (var/outage-neo4j, ports 27687/27474 unless given) and the API in a
separate uvicorn process (as in production: the clients and the server do not share an
interpreter), on 127.0.0.1:27000 unless given. Each client loops over a light read (a page of
customers), a write (PUT of its own customer) and /health, 50 ms apart. The phases, `--seconds` each:

    healthy    nothing wrong
    killed     the Neo4j JVM killed with SIGKILL
    restarting Neo4j started again (as long as its start takes)
    restarted  Neo4j answers on Bolt again (until the first 200, then `--seconds` more)
    hung       the JVM stopped with SIGSTOP (connections stay open, nothing answers)
    resumed    the JVM continued with SIGCONT (until the first 200, then `--seconds` more)

For each phase (requests counted in the phase they started in) it prints the statuses and the
p50/p99/max latency, API routes and /health apart, plus the recovery time: from Neo4j answering
again (restart done, SIGCONT sent) to the first request answered 200, and how many 503s came after
it (a cold or overloaded Neo4j slower than the breaker's probe bound is shed for a moment). Every
503 of an API route is checked to be problem+json.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from bench import REPO_ROOT
from bench.server import script_settings
from powermap.graph.embedded import EmbeddedNeo4j
from powermap.settings import Settings

PROBLEM_JSON = "application/problem+json"
THINK_TIME = 0.05  # seconds a client waits between requests (a browser, not a flood)
RECOVERY_WAIT = 60.0  # seconds the recovery phases wait for a first 200 before their own length


@dataclass(frozen=True)
class Outcome:
    started: float
    seconds: float
    route: str  # "api" or "health"
    status: int  # 0 when the request itself failed (connection error, client timeout)
    problem_json: bool


@dataclass
class PhaseReport:
    name: str
    started: float
    ended: float
    recovered_after: float | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    def statuses(self, route: str) -> Counter[int]:
        return Counter(o.status for o in self.outcomes if o.route == route)

    def latencies(self, route: str) -> list[float]:
        return sorted(o.seconds for o in self.outcomes if o.route == route)


@contextmanager
def api_process(settings: Settings, timeout: float = 60.0) -> Iterator[str]:
    """The API in its own uvicorn process against the settings' Neo4j; yields its base URL.

    `api_port` 0 lets the system pick a free port, read back from uvicorn's start line.
    """
    env = {**os.environ, "POWERMAP_ENVIRONMENT": settings.environment, "NEO4J_URI": settings.bolt_uri,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "NEO4J_DATABASE": settings.neo4j_database,
           "POWERMAP_BOOTSTRAP_ADMIN_KEY": settings.admin_key,
           "POWERMAP_EMBEDDED_HTTP_PORT": str(settings.embedded_http_port),
           "POWERMAP_NEO4J_PROBE_TIMEOUT_SECONDS": str(settings.neo4j_probe_timeout_seconds)}
    command = [sys.executable, "-m", "uvicorn", "powermap.api.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(settings.api_port), "--log-level", "info", "--no-access-log"]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    url = None
    while url is None and time.monotonic() < deadline and process.poll() is None:
        line = process.stderr.readline()
        lines.append(line)
        found = re.search(r"Uvicorn running on (http://\S+)", line)
        url = found.group(1) if found else None
    if url is None:
        process.kill()
        lines += process.stderr.readlines()
        raise RuntimeError(f"the API did not start (exit {process.wait()}):\n" + "".join(lines[-30:]))
    drain = threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True)  # type: ignore[union-attr]
    drain.start()
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _client(api: str, key: str, number: int, stop: threading.Event, outcomes: list[Outcome]) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    requests = [
        ("api", "GET", "/api/v1/customers?limit=5", None),
        ("api", "PUT", f"/api/v1/customers/cus-outage-{number}", {"name": f"Outage client {number}"}),
        ("api", "GET", "/api/v1/customers?limit=5", None),
        ("health", "GET", "/health", None),
    ]
    with httpx.Client(base_url=api, headers=headers, timeout=60.0) as client:
        turn = number
        while not stop.is_set():
            route, method, path, body = requests[turn % len(requests)]
            turn += 1
            started = time.monotonic()
            try:
                response = client.request(method, path, json=body)
                status, kind = response.status_code, response.headers.get("content-type", "")
            except httpx.HTTPError:
                status, kind = 0, ""
            outcomes.append(Outcome(started, time.monotonic() - started, route, status,
                                    kind.startswith(PROBLEM_JSON)))
            stop.wait(THINK_TIME)


def _recovery(report: PhaseReport) -> float | None:
    """Seconds from the phase's start to the start of its first request answered 200."""
    answered = [o.started for o in report.outcomes if o.status == 200]
    return max(0.0, min(answered) - report.started) if answered else None


def _wait_for_health(api: str) -> None:
    """Start measuring once the API and Neo4j answer (a cold JVM is slow for its first queries)."""
    deadline = time.monotonic() + RECOVERY_WAIT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


def run(settings: Settings, server: EmbeddedNeo4j, *, clients: int, seconds: float) -> list[PhaseReport]:
    """Run the phases against a started server; the API runs in its own process for the run."""
    with api_process(settings) as api:
        outcomes: list[Outcome] = []
        stop = threading.Event()
        threads = [threading.Thread(target=_client, args=(api, settings.admin_key, n, stop, outcomes), daemon=True)
                   for n in range(clients)]
        reports: list[PhaseReport] = []

        def phase(name: str, fault: Callable[[], float] | None = None,
                  during: Callable[[], object] | None = None) -> PhaseReport:
            """The phase starts when its `fault` is in place (the time it returns: a request started
            before the signal went out belongs to the phase before) and lasts as long as `during`, or
            `seconds`."""
            started = fault() if fault else time.monotonic()
            report = PhaseReport(name, started, started)
            if name in ("restarted", "resumed"):  # until it has recovered (at most a minute), then as long
                deadline = started + RECOVERY_WAIT
                while time.monotonic() < deadline and not any(
                        o.status == 200 and o.started >= started for o in list(outcomes)):
                    time.sleep(0.05)
            if during:
                during()
            else:
                time.sleep(seconds)
            report.ended = time.monotonic()
            reports.append(report)
            return report

        def jvm_signal(sig: signal.Signals) -> float:
            """Send `sig` to the Neo4j JVM; returns when it went out (reaping a killed JVM comes after)."""
            pid = server._launcher_pid()
            assert pid is not None, "the embedded Neo4j is not running"
            os.kill(pid, sig)
            sent = time.monotonic()
            if sig is signal.SIGKILL:
                with_exit = 0
                while with_exit == 0:  # reap it when it is our child, so its pid is free
                    try:
                        with_exit, _ = os.waitpid(pid, os.WNOHANG)
                    except ChildProcessError:
                        break
                    time.sleep(0.05)
            return sent

        _wait_for_health(api)
        for thread in threads:
            thread.start()
        try:
            phase("healthy")
            phase("killed", lambda: jvm_signal(signal.SIGKILL))
            phase("restarting", during=server.start)
            phase("restarted")
            phase("hung", lambda: jvm_signal(signal.SIGSTOP))
            phase("resumed", lambda: jvm_signal(signal.SIGCONT))
        finally:
            pid = server._launcher_pid()
            if pid is not None:
                os.kill(pid, signal.SIGCONT)
            stop.set()
            for thread in threads:
                thread.join(timeout=90)
        for outcome in outcomes:
            report = next((r for r in reversed(reports) if r.started <= outcome.started), reports[0])
            report.outcomes.append(outcome)
        for report in reports:
            if report.name in ("restarted", "resumed"):
                report.recovered_after = _recovery(report)
        return reports


def _figures(values: list[float]) -> str:
    if not values:
        return "-"
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"p50 {statistics.median(values) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms"


def print_reports(reports: list[PhaseReport], clients: int) -> None:
    print(f"{clients} clients")
    for report in reports:
        print(f"\n{report.name} ({report.ended - report.started:.1f} s)")
        for route in ("api", "health"):
            statuses = ", ".join(f"{status}: {count}" for status, count in sorted(report.statuses(route).items()))
            print(f"  {route:6} {statuses or 'no requests'}; {_figures(report.latencies(route))}")
        problems = [o for o in report.outcomes if o.route == "api" and o.status == 503 and not o.problem_json]
        if problems:
            print(f"  {len(problems)} answers of 503 were not problem+json")
        if report.recovered_after is not None:
            recovered_at = report.started + report.recovered_after
            shed = sum(1 for o in report.outcomes if o.started > recovered_at and o.status == 503)
            print(f"  recovered {report.recovered_after:.2f} s after Neo4j answered again; "
                  f"{shed} answers of 503 after that (load shed while Neo4j was slow)")
        elif report.name in ("restarted", "resumed"):
            print("  did not recover")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--bolt-port", type=int, default=27687)
    parser.add_argument("--http-port", type=int, default=27474)
    parser.add_argument("--api-port", type=int, default=27000)
    args = parser.parse_args()
    settings = script_settings("outage", 27, embedded_bolt_port=args.bolt_port, embedded_http_port=args.http_port,
                               api_port=args.api_port, embedded_start_timeout_seconds=600)
    server = EmbeddedNeo4j(settings)
    server.start()
    try:
        print_reports(run(settings, server, clients=args.clients, seconds=args.seconds), args.clients)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
