"""Computed tie strength (powermap/services/tie_strength.py), pinned with histories worked out by hand."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from powermap.services.tie_strength import (
    ComputedTie,
    Interaction,
    Message,
    StrengthParameters,
    computed_tie,
    effective_tie,
    explain,
)

P = StrengthParameters()
E, S, X = "emp-1", "stk-1", "stk-2"
T = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def meeting(at: datetime, n: int = 2, people: frozenset[str] = frozenset({E, S}), id_: str = "m") -> Interaction:
    return Interaction(id=id_, kind="meeting", at=at, participants=people, participant_count=n)


def thread(*messages: tuple[datetime, str, set[str]], id_: str = "t") -> Interaction:
    found = tuple(Message(at=at, sender=sender, recipients=frozenset(to)) for at, sender, to in messages)
    return Interaction(id=id_, kind="thread", at=max(m.at for m in found), participants=frozenset({E, S, X}),
                       messages=found)


def strength(interactions: list[Interaction], at: date | datetime = T) -> ComputedTie:
    return computed_tie(interactions, employee=E, stakeholder=S, at=at, parameters=P)


def test_one_small_meeting_now_is_raw_one():
    tie = strength([meeting(T)])
    assert tie.raw == pytest.approx(1.0)
    assert tie.strength == pytest.approx(1 - math.exp(-0.5))  # 0.3935
    assert tie.last_interaction == T


def test_half_life_halves_a_meeting_every_90_days():
    assert strength([meeting(T - timedelta(days=90))]).raw == pytest.approx(0.5)
    assert strength([meeting(T - timedelta(days=180))]).raw == pytest.approx(0.25)
    assert strength([meeting(T - timedelta(days=90))]).strength == pytest.approx(1 - math.exp(-0.25))  # 0.2212


def test_raw_two_gives_0_63():
    tie = strength([meeting(T, id_="a"), meeting(T, id_="b")])
    assert tie.strength == pytest.approx(0.6321, abs=1e-4)


def test_large_meetings_count_four_over_n():
    assert strength([meeting(T, n=4)]).raw == pytest.approx(1.0)
    assert strength([meeting(T, n=5)]).raw == pytest.approx(0.8)
    assert strength([meeting(T, n=11)]).raw == pytest.approx(4 / 11)


def test_a_meeting_without_both_is_not_theirs():
    assert strength([meeting(T, people=frozenset({E, X}))]).strength is None


def test_threads_by_direction():
    two_way = thread((T - timedelta(days=1), E, {S}), (T, S, {E}))
    inbound = thread((T, S, {E, X}))
    outbound = thread((T, E, {S}))
    copied = thread((T, X, {E, S}))  # neither wrote to the other: not the pair's interaction
    assert strength([two_way]).raw == pytest.approx(0.5)
    assert strength([inbound]).raw == pytest.approx(0.3)
    assert strength([outbound]).raw == pytest.approx(0.1)
    assert strength([copied]).strength is None


def test_a_thread_is_taken_as_it_stood_then():
    history = thread((T - timedelta(days=10), E, {S}), (T + timedelta(days=5), S, {E}))
    then = strength([history])
    assert then.raw == pytest.approx(0.1 * 2 ** (-10 / 90))  # only our message counted, dated 10 days back
    assert then.last_interaction == T - timedelta(days=10)
    later = strength([history], at=T + timedelta(days=5))
    assert later.raw == pytest.approx(0.5)  # two-way, dated at the reply


def test_dates_count_whole_days_and_instants_fractions():
    late = datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    asked_on_day = strength([meeting(late)], at=date(2026, 10, 1))
    assert asked_on_day.contributions[0].age_days == 1.0
    asked_at_noon = strength([meeting(late)], at=datetime(2026, 10, 1, 11, 0, tzinfo=UTC))
    assert asked_at_noon.contributions[0].age_days == pytest.approx(0.5)
    same_day = strength([meeting(datetime(2026, 10, 1, 22, 0, tzinfo=UTC))], at=date(2026, 10, 1))
    assert same_day.raw == pytest.approx(1.0)  # dated on the day asked: counts, age 0


def test_the_horizon_is_730_days_inclusive():
    at_edge = strength([meeting(T - timedelta(days=730))])
    assert at_edge.raw == pytest.approx(2 ** (-730 / 90))
    beyond = strength([meeting(T - timedelta(days=731)), meeting(T + timedelta(days=1), id_="future")])
    assert beyond.strength is None and beyond.last_interaction is None  # not even "the last interaction"


def test_a_history_worked_by_hand():
    # A weekly meeting (4 occurrences, 7 days apart, the last 14 days ago), an all-hands of 11 two days
    # ago, and a two-way thread 30 days ago: raw = 2^(-14/90) + 2^(-21/90) + 2^(-28/90) + 2^(-35/90)
    # + 4/11 * 2^(-2/90) + 0.5 * 2^(-30/90) = (0.8978 + 0.8507 + 0.8060 + 0.7637) + 0.3581 + 0.3969
    # = 4.0731; strength 1 - exp(-4.0731 / 2) = 0.8695.
    weekly = [meeting(T - timedelta(days=d), id_=f"w{d}") for d in (14, 21, 28, 35)]
    history = [*weekly, meeting(T - timedelta(days=2), n=11, people=frozenset({E, S, X}), id_="all"),
               thread((T - timedelta(days=31), E, {S}), (T - timedelta(days=30), S, {E}))]
    tie = strength(history)
    assert tie.raw == pytest.approx(4.0731, abs=1e-4)
    assert tie.strength == pytest.approx(0.8695, abs=1e-4)
    assert (tie.meetings, tie.two_way_threads, tie.one_way_threads) == (5, 1, 0)
    assert explain(tie, at=T) == "last met 2026-09-29, 5 meetings, 1 two-way and 0 one-way threads in 180 days"


def test_decay_over_time_of_one_history():
    history = [meeting(T)]
    later = [strength(history, at=T + timedelta(days=d)).strength for d in (0, 45, 90, 365)]
    assert later == sorted(later, reverse=True)
    assert later[2] == pytest.approx(1 - math.exp(-0.25))


def test_effective_strength_stated_when_newer_than_the_last_interaction():
    tie = strength([meeting(T - timedelta(days=10))])
    newer = effective_tie(stated=0.9, stated_at=T - timedelta(days=5), stated_last_contact=None, computed=tie)
    assert (newer.effective, newer.basis) == (0.9, "stated")
    same_instant = effective_tie(stated=0.9, stated_at=T - timedelta(days=10), stated_last_contact=None, computed=tie)
    assert same_instant.basis == "stated"  # "at or after" the last interaction
    older = effective_tie(stated=0.9, stated_at=T - timedelta(days=11), stated_last_contact=None, computed=tie)
    assert (older.effective, older.basis) == (tie.strength, "computed")
    unknown_when = effective_tie(stated=0.9, stated_at=None, stated_last_contact=None, computed=tie)
    assert unknown_when.basis == "computed"


def test_effective_strength_without_interactions_or_without_a_stated_tie():
    none = strength([])
    assert effective_tie(stated=0.7, stated_at=None, stated_last_contact=None, computed=none).effective == 0.7
    only_computed = effective_tie(stated=None, stated_at=None, stated_last_contact=None,
                                  computed=strength([meeting(T)]))
    assert (only_computed.basis, only_computed.effective) == ("computed", pytest.approx(0.3935, abs=1e-4))
    nothing = effective_tie(stated=None, stated_at=None, stated_last_contact=None, computed=none)
    assert (nothing.basis, nothing.effective) == ("none", None)


def test_last_contact_is_the_later_of_stated_and_interaction():
    tie = strength([meeting(T - timedelta(days=3))])
    stated_later = effective_tie(stated=0.5, stated_at=None, stated_last_contact=T - timedelta(days=1), computed=tie)
    assert stated_later.last_contact == T - timedelta(days=1)
    stated_earlier = effective_tie(stated=0.5, stated_at=None, stated_last_contact=T - timedelta(days=9), computed=tie)
    assert stated_earlier.last_contact == T - timedelta(days=3)
