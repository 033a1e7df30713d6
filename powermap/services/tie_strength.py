"""Computed tie strength: how strong a relationship is, read from the meetings and mail that happened.

The definition (DOMAIN.md, "Signals and network power"; every number a setting in
`powermap.settings`, named in brackets):

**Computed tie strength** of employee `e` and stakeholder `s` at time `t` (only interactions at or
before `t` and at most 730 days before it count [`signal_horizon_days`]):
- each interaction `i` both took part in contributes `w(i) * 2^(-(t - t_i) / H)`, with half-life
  `H` = 90 days [`signal_half_life_days`] and `t - t_i` in days;
- `w` = 1.0 for a meeting with at most 4 participants, `4 / n` for a meeting with `n > 4`
  [`signal_small_meeting`]; 0.5 for a thread in which both `e` and `s` wrote to the other
  [`signal_two_way_weight`]; 0.3 for a thread in which only `s` wrote to `e` [`signal_inbound_weight`];
  0.1 for a thread in which only `e` wrote to `s` [`signal_outbound_weight`]; otherwise the thread is
  not an interaction of the pair;
- `raw` = the sum of the contributions; computed strength = `1 - exp(-raw / 2)` [`signal_saturation`]
  (so a raw 2 gives 0.63).

Readings (DOMAIN.md's "Precisions"):
- Asked at a *date* `D`, everything dated on or before that UTC date counts and ages are whole days
  `D - date(t_i)`; asked at an *instant*, ages are fractional days.
- A meeting's time is its start; `n` counts every distinct address on it, matched or not.
- A thread is taken as it stood at `t`: only its messages at or before `t`, its time the latest of
  those. "Wrote to" means sent a message whose To or Cc holds the other.
- Interactions older than the horizon count for nothing, not even as "the last interaction".

The **effective** strength (the one the questions use): the stated strength when it was stated at or
after the tie's last interaction (instants compared), otherwise the computed strength when there is
at least one interaction, otherwise the stated strength. A stated tie whose statement time is unknown
counts as stated before any interaction. `lastContact` is the latest of the stated `lastContact` and
the last interaction.

Everything here is pure (no graph): the unit tests pin it with histories worked out by hand.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Literal

from powermap.settings import Settings

InteractionKind = Literal["meeting", "thread"]
Basis = Literal["stated", "computed", "none"]
Exchange = Literal["meeting", "two_way", "inbound", "outbound"]
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Message:
    """One message of a thread: when, who sent it and who it was addressed to (To and Cc), as ids."""

    at: datetime
    sender: str | None
    recipients: frozenset[str]


@dataclass(frozen=True)
class Interaction:
    """One meeting or thread, with the ids of the people matched on it."""

    id: str
    kind: InteractionKind
    at: datetime  # a meeting's start; a thread's latest message
    participants: frozenset[str]
    participant_count: int = 0  # every distinct address on a meeting, matched or not
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class StrengthParameters:
    """The formula's numbers (settings, with DOMAIN.md's defaults)."""

    half_life_days: float = 90.0
    horizon_days: float = 730.0
    small_meeting: int = 4
    two_way_weight: float = 0.5
    inbound_weight: float = 0.3
    outbound_weight: float = 0.1
    saturation: float = 2.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "StrengthParameters":
        return cls(half_life_days=settings.signal_half_life_days, horizon_days=settings.signal_horizon_days,
                   small_meeting=settings.signal_small_meeting, two_way_weight=settings.signal_two_way_weight,
                   inbound_weight=settings.signal_inbound_weight, outbound_weight=settings.signal_outbound_weight,
                   saturation=settings.signal_saturation)


@dataclass(frozen=True)
class Contribution:
    """What one interaction adds to a pair's raw strength, and why."""

    interaction_id: str
    kind: InteractionKind
    at: datetime
    age_days: float
    weight: float
    value: float
    exchange: Exchange


@dataclass(frozen=True)
class ComputedTie:
    """A pair's computed strength at a time, with the contributions it is made of."""

    raw: float
    strength: float | None  # None: no interaction counts
    last_interaction: datetime | None
    contributions: tuple[Contribution, ...] = field(default_factory=tuple)

    @property
    def meetings(self) -> int:
        return sum(1 for c in self.contributions if c.kind == "meeting")

    @property
    def two_way_threads(self) -> int:
        return sum(1 for c in self.contributions if c.exchange == "two_way")

    @property
    def one_way_threads(self) -> int:
        return sum(1 for c in self.contributions if c.exchange in ("inbound", "outbound"))


def _instant(when: date | datetime) -> datetime:
    """The end of a day asked at (everything dated that UTC day counts), or the instant itself."""
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.combine(when, time.max, tzinfo=UTC)


def age_days(at: date | datetime, happened: datetime) -> float:
    """Whole days `D - date(t_i)` when asked at a date, fractional days when asked at an instant."""
    if isinstance(at, datetime):
        return (_instant(at) - happened).total_seconds() / SECONDS_PER_DAY
    return float((at - happened.astimezone(UTC).date()).days)


def _counts(at: date | datetime, happened: datetime) -> bool:
    return happened <= _instant(at)


def _pair_exchange(interaction: Interaction, employee: str, stakeholder: str, at: date | datetime,
                   parameters: StrengthParameters) -> tuple[datetime, float, Exchange] | None:
    """(time, weight, exchange) of an interaction for a pair as it stood at `at`, or None."""
    if employee not in interaction.participants or stakeholder not in interaction.participants:
        return None
    if interaction.kind == "meeting":
        if not _counts(at, interaction.at):
            return None
        n = max(interaction.participant_count, len(interaction.participants))
        weight = 1.0 if n <= parameters.small_meeting else parameters.small_meeting / n
        return interaction.at, weight, "meeting"
    then = [m for m in interaction.messages if _counts(at, m.at)]
    if not then:
        return None
    ours = any(m.sender == employee and stakeholder in m.recipients for m in then)
    theirs = any(m.sender == stakeholder and employee in m.recipients for m in then)
    latest = max(m.at for m in then)
    if ours and theirs:
        return latest, parameters.two_way_weight, "two_way"
    if theirs:
        return latest, parameters.inbound_weight, "inbound"
    if ours:
        return latest, parameters.outbound_weight, "outbound"
    return None


def computed_tie(interactions: list[Interaction], *, employee: str, stakeholder: str, at: date | datetime,
                 parameters: StrengthParameters) -> ComputedTie:
    """The computed strength of one pair at `at` (a date or an instant), from the interactions given."""
    contributions = []
    for interaction in interactions:
        found = _pair_exchange(interaction, employee, stakeholder, at, parameters)
        if found is None:
            continue
        happened, weight, exchange = found
        age = age_days(at, happened)
        if age > parameters.horizon_days:
            continue
        value = weight * 2 ** (-age / parameters.half_life_days)
        contributions.append(Contribution(interaction_id=interaction.id, kind=interaction.kind, at=happened,
                                          age_days=age, weight=weight, value=value,
                                          exchange=exchange))
    if not contributions:
        return ComputedTie(raw=0.0, strength=None, last_interaction=None)
    raw = sum(c.value for c in contributions)
    contributions.sort(key=lambda c: (c.at, c.interaction_id))
    return ComputedTie(raw=raw, strength=1 - math.exp(-raw / parameters.saturation),
                       last_interaction=contributions[-1].at, contributions=tuple(contributions))


@dataclass(frozen=True)
class EffectiveTie:
    """Both strengths of a pair and the one the questions use."""

    stated: float | None
    stated_at: datetime | None
    computed: ComputedTie
    effective: float | None
    basis: Basis
    last_contact: datetime | None


def effective_tie(*, stated: float | None, stated_at: datetime | None, stated_last_contact: datetime | None,
                  computed: ComputedTie) -> EffectiveTie:
    """The strength the questions use (see the module docstring for the rule)."""
    last = computed.last_interaction
    effective: float | None
    basis: Basis
    if stated is not None and (last is None or (stated_at is not None and stated_at >= last)):
        effective, basis = stated, "stated"
    elif computed.strength is not None:
        effective, basis = computed.strength, "computed"
    else:
        effective, basis = None, "none"
    contacts = [when for when in (stated_last_contact, last) if when is not None]
    return EffectiveTie(stated=stated, stated_at=stated_at, computed=computed, effective=effective,
                        basis=basis, last_contact=max(contacts) if contacts else None)


def explain(tie: ComputedTie, *, at: date | datetime, window_days: int = 180) -> str:
    """Why a computed strength is what it is, in a sentence a reviewer reads."""
    if tie.last_interaction is None:
        return "no interaction captured"
    recent = [c for c in tie.contributions if c.age_days <= window_days]
    meetings = sum(1 for c in recent if c.kind == "meeting")
    two_way = sum(1 for c in recent if c.exchange == "two_way")
    one_way = sum(1 for c in recent if c.exchange in ("inbound", "outbound"))
    kind = "met" if tie.contributions[-1].kind == "meeting" else "wrote"
    return (f"last {kind} {tie.last_interaction.date().isoformat()}, {meetings} meetings, {two_way} two-way "
            f"and {one_way} one-way threads in {window_days} days")
