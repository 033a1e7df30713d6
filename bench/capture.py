"""Capture throughput: how many interactions per second `powermap capture` takes in.

    .venv/bin/python -m bench.capture [--interactions 1000000] [--chunk 10000] [--output FILE]

It runs its own embedded Neo4j (data in var/capture-bench-neo4j, ports 23687/23474, or the base in
POWERMAP_SCRIPT_PORT_BASE; wiped first), loads a synthetic world (one customer, 200 stakeholders,
40 of our employees, every one with an e-mail address) and feeds the capture service generated
exports in chunks of `--chunk` interactions, as a user capturing one export after another would:
half the interactions are meetings in iCalendar files (2 to 6 addresses each, one of them not on
the map), half are two-message mail threads in mbox files (ours writes, theirs replies). Measured
separately, in one process:

- parsing: the same chunks read by `capture_sources.read_calendar` / `read_mail` + `threads` only;
- capture end to end: `capture.capture_calendar` / `capture_mail` (parse, match addresses, judge
  every interaction by the access policy, write and audit it in one transaction per chunk);
- writing: end to end minus parsing, per interaction.

Each chunk is generated before its clock starts. The chunks are distinct (every meeting has its own
UID, every thread its own root Message-ID), so every interaction is new; the run checks that the
graph holds exactly the interactions generated.
"""

import argparse
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.server import private_graph, script_settings, wipe
from powermap.graph.driver import Graph
from powermap.graph.loaders import load_graph_document
from powermap.models.security import SYSTEM, Principal, Role
from powermap.services import capture
from powermap.services.capture_sources import read_calendar, read_mail, threads

EMPLOYEES = 40
STAKEHOLDERS = 200
# Generated interactions fall in the 700 days before this instant (inside the default 730-day window).
END = datetime(2026, 11, 1, tzinfo=UTC)
SPAN_MINUTES = 700 * 24 * 60
CAPTURER = Principal(key_id=None, name=SYSTEM.name, role=Role.ADMIN)


def world() -> dict:
    """The people the generated exports are matched against."""
    return {
        "Customer": [{"id": "cus-bench", "name": "Bench Customer"}],
        "Employee": [{"id": f"emp-{i}", "name": f"Employee {i}", "role": "AR", "email": f"emp{i}@ourco.example"}
                     for i in range(EMPLOYEES)],
        "Stakeholder": [{"id": f"stk-{i}", "name": f"Stakeholder {i}", "customerId": "cus-bench",
                         "email": f"stk{i}@bench.example"} for i in range(STAKEHOLDERS)],
    }


def _at(index: int) -> datetime:
    """A deterministic instant for interaction `index`, spread over the span."""
    return END - timedelta(minutes=(index * 7919) % SPAN_MINUTES + 1)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%SZ")


def calendar(first: int, count: int) -> bytes:
    """An iCalendar export of `count` meetings, numbered from `first`."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Powermap bench//EN"]
    for index in range(first, first + count):
        at = _at(index)
        lines += ["BEGIN:VEVENT", f"UID:bench-{index}@ourco.example", f"DTSTART:{_stamp(at)}",
                  f"DTEND:{_stamp(at + timedelta(hours=1))}",
                  f"ORGANIZER;CN=Employee {index % EMPLOYEES}:mailto:emp{index % EMPLOYEES}@ourco.example"]
        lines += [f"ATTENDEE:mailto:stk{(index + k * 37) % STAKEHOLDERS}@bench.example" for k in range(index % 4 + 1)]
        lines += [f"ATTENDEE:mailto:guest{index % 50}@bench.example", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _mail_date(at: datetime) -> str:
    return at.strftime("%a, %d %b %Y %H:%M:%S +0000")


def mbox(first: int, count: int) -> bytes:
    """An mbox of `count` two-message threads, numbered from `first` (ours writes, theirs replies)."""
    parts = []
    for index in range(first, first + count):
        at = _at(index)
        ours, theirs = f"emp{index % EMPLOYEES}@ourco.example", f"stk{index % STAKEHOLDERS}@bench.example"
        root, reply = f"<bench-{index}@ourco.example>", f"<bench-{index}-re@bench.example>"
        parts.append(f"From {ours} {at.strftime('%a %b %d %H:%M:%S %Y')}\nFrom: {ours}\nTo: {theirs}\n"
                     f"Date: {_mail_date(at)}\nMessage-ID: {root}\n\nbody\n\n"
                     f"From {theirs} {at.strftime('%a %b %d %H:%M:%S %Y')}\nFrom: {theirs}\nTo: {ours}\n"
                     f"Date: {_mail_date(at + timedelta(hours=2))}\nMessage-ID: {reply}\nIn-Reply-To: {root}\n"
                     f"References: {root}\n\nbody\n\n")
    return "".join(parts).encode()


@dataclass
class Figures:
    interactions: int = 0
    parse_seconds: float = 0.0
    capture_seconds: float = 0.0
    created: int = 0
    stored: int = 0

    def rate(self, seconds: float) -> float:
        return self.interactions / seconds if seconds > 0 else 0.0

    @property
    def write_seconds(self) -> float:
        return max(self.capture_seconds - self.parse_seconds, 0.0)


def _timed_parse(kind: str, data: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    if kind == "calendar":
        found = len(read_calendar(data, start=END - timedelta(days=730), end=END))
    else:
        found = len(threads(read_mail(data)))
    return found, time.perf_counter() - start


def _timed_capture(graph: Graph, kind: str, data: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    if kind == "calendar":
        report = capture.capture_calendar(graph, principal=CAPTURER, sources=[("bench.ics", data)],
                                          start=END - timedelta(days=730), end=END)
    else:
        report = capture.capture_mail(graph, principal=CAPTURER, sources=[("bench.mbox", data)])
    return report.created, time.perf_counter() - start


def measure(graph: Graph, *, interactions: int, chunk: int, progress: bool = False) -> Figures:
    """Capture `interactions` generated interactions (half meetings, half threads) into an empty graph."""
    wipe(graph)
    load_graph_document(graph, world(), "bench world")
    figures = Figures()
    meetings = interactions // 2
    plan = [("calendar", calendar, first, min(chunk, meetings - first)) for first in range(0, meetings, chunk)]
    plan += [("mail", mbox, first, min(chunk, interactions - meetings - first))
             for first in range(0, interactions - meetings, chunk)]
    for kind, generate, first, count in plan:
        data = generate(first, count)
        parsed, parse_seconds = _timed_parse(kind, data)
        created, capture_seconds = _timed_capture(graph, kind, data)
        assert parsed == count == created, f"{kind} chunk at {first}: {count} generated, {parsed} parsed, {created} new"
        figures.interactions += count
        figures.parse_seconds += parse_seconds
        figures.capture_seconds += capture_seconds
        figures.created += created
        if progress:
            print(f"{figures.interactions:>9,} interactions, {figures.rate(figures.capture_seconds):,.0f}/s "
                  f"end to end", flush=True)
    found = graph.driver.execute_query("MATCH (i:Interaction) RETURN count(i) AS n", database_=graph.database)
    figures.stored = found.records[0]["n"]
    return figures


def table(figures: Figures, chunk: int) -> str:
    """The result as a markdown table."""
    return "\n".join([
        "| capture measure | figure |",
        "| --- | --- |",
        f"| interactions captured (half meetings, half two-message threads) | {figures.interactions:,} "
        f"in chunks of {chunk:,} |",
        f"| parsing only (iCalendar / mbox headers), interactions/s | {figures.rate(figures.parse_seconds):,.0f} |",
        f"| capture end to end (parse, match, judge, write, audit), interactions/s | "
        f"{figures.rate(figures.capture_seconds):,.0f} |",
        f"| writing only (end to end minus parsing), interactions/s | {figures.rate(figures.write_seconds):,.0f} |",
        f"| total capture time, s | {figures.capture_seconds:,.1f} |",
        f"| interactions in the graph afterwards | {figures.stored:,} |",
    ]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Capture throughput: writes a markdown table.")
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=10_000, help="interactions per captured file")
    parser.add_argument("--output", type=Path, default=None, help="also write the table here")
    args = parser.parse_args()
    with private_graph(script_settings("capture-bench", 23)) as graph:
        figures = measure(graph, interactions=args.interactions, chunk=args.chunk, progress=True)
    markdown = table(figures, args.chunk)
    if args.output:
        args.output.write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
