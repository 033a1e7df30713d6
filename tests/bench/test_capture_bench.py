"""The capture benchmark's short version (bench/capture.py): a few dozen generated interactions, all
captured once; capturing the same files again changes nothing (figures live in bench/, not asserts)."""

from bench.capture import CAPTURER, END, calendar, mbox, measure, table
from powermap.services import capture


def test_every_generated_interaction_is_captured_once(graph):
    figures = measure(graph, interactions=60, chunk=20)
    assert (figures.interactions, figures.created, figures.stored) == (60, 60, 60)
    assert figures.parse_seconds > 0 and figures.capture_seconds > 0
    again = capture.capture_calendar(graph, principal=CAPTURER, sources=[("again.ics", calendar(0, 20))],
                                     start=END.replace(year=END.year - 2), end=END)
    assert (again.read, again.created, again.unchanged) == (20, 0, 20)
    threads = capture.capture_mail(graph, principal=CAPTURER, sources=[("again.mbox", mbox(0, 20))])
    assert (threads.read, threads.created, threads.unchanged) == (20, 0, 20)
    markdown = table(figures, 20)
    assert "| interactions in the graph afterwards | 60 |" in markdown and markdown.count("\n") == 8
