"""Relationship signals: each tie's stated, computed and effective strength, and the alerts that matter.

Strengths follow powermap/services/tie_strength.py (the formula). Alerts follow DOMAIN.md exactly,
for a report date `d` and the window `W = [d - 30, d]` (both ends included; every number a setting:
`alert_window_days`, `alert_silent_days`, `alert_close_days`, `covered_strength`). Key members are the
`decision_maker`s and `approver`s of the decision chains of projects at stage lead, opportunity or
bid, who have not left by the day judged (`leftAt` on or before it). "Covered" uses effective
strengths everywhere (some employee's effective strength >= `covered_strength`).

- `silent`: a key member covered at `d` with no interaction, no done activity and no `lastContact`
  in `[d - 45, d]`.
- `stance_down`: an assessment dated in `W` whose stance scores lower than the assessment just
  before it (a first assessment, or either stance unknown, is not "lowered").
- `new_boss`: the member's direct boss(es) on the day before `W` differ from those at `d` (a
  `REPORTS_TO` edge is in force on `x` when `since <= x < until`; a missing bound is open).
- `champion_left`: one of the scope's people (a project's chain members, a customer's people) with
  `leftAt` in `W` whose stance on the day they left (the latest assessment with a stance at or
  before it, else their stance) was `champion`.
- `tie_weakening`: a key member covered by someone at the start of `W` and by no one at `d`.
- `bid_gap_near_close`: a project at stage bid whose `closeDate` lies in `[d, d + 30]` and that has
  an empty required seat (no member who has not left holds the role) or an uncovered key member.

Choices where DOMAIN.md and issue #15 are silent: the alerts are answered per project or customer
(the issue also asks for team and employee watch lists and a digest, not built here); each alert
carries a suggested action in words; `closeDate`, `leftAt`, `statedAt` and `REPORTS_TO.since/until`
are read when the graph has them (their absence means: no close date, not left, stated before any
interaction, always in force).
"""

import json
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from powermap.graph.driver import Graph
from powermap.graph.repositories import signals as store
from powermap.models.influence import KnownBy, Neighbourhood
from powermap.models.power_map import KnownByRow, MapFacts
from powermap.models.signals import (
    Alert,
    Alerts,
    AlertScope,
    PersonFacts,
    ScopeProject,
    StatedTie,
    StoredInteraction,
    TieSignal,
)
from powermap.services import tie_strength as formula
from powermap.settings import Settings
from powermap.vocab import DecisionRole, ProjectStage, Stance

KEY_ROLES = frozenset({DecisionRole.DECISION_MAKER, DecisionRole.APPROVER})
OPEN_STAGES = frozenset({ProjectStage.LEAD, ProjectStage.OPPORTUNITY, ProjectStage.BID})
ORDER = ["bid_gap_near_close", "champion_left", "tie_weakening", "silent", "stance_down", "new_boss"]


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.max, tzinfo=UTC)


def _moment(value: date | datetime | None) -> datetime | None:
    """A stored day or instant as an instant (a day at its start, UTC), to compare with interactions."""
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _as_formula(found: list[StoredInteraction]) -> list[formula.Interaction]:
    interactions = []
    for row in found:
        messages = tuple(formula.Message(at=datetime.fromisoformat(m["at"]), sender=m.get("sender"),
                                         recipients=frozenset(m.get("recipients", [])))
                         for m in json.loads(row.messages or "[]"))
        interactions.append(formula.Interaction(id=row.id, kind=row.kind, at=row.at,
                                                participants=frozenset(row.employees) | frozenset(row.stakeholders),
                                                participant_count=row.participant_count or 0, messages=messages))
    return interactions


def tie_signals(graph: Graph, *, stakeholder_ids: list[str], at: date | datetime,
                parameters: formula.StrengthParameters) -> list[TieSignal]:
    """Every tie of these stakeholders at `at` (a date or an instant): stated, computed and effective.

    A pair that interacted has a tie even without a stated one (and so can cover)."""
    until = _instant(at)
    found = store.interactions_of(graph, stakeholder_ids=stakeholder_ids, until=until,
                                  since=until - timedelta(days=parameters.horizon_days + 1))
    interactions = _as_formula(found)
    stated = {(t.employee_id, t.stakeholder_id): t for t in
              store.stated_ties(graph, stakeholder_ids=stakeholder_ids, as_of=until)}
    wanted = set(stakeholder_ids)
    pairs = set(stated) | {(e, s) for row in found for e in row.employees for s in row.stakeholders if s in wanted}
    by_stakeholder: dict[str, list[formula.Interaction]] = defaultdict(list)
    for interaction, row in zip(interactions, found, strict=True):
        for s in row.stakeholders:
            by_stakeholder[s].append(interaction)
    signals = []
    for employee, stakeholder in sorted(pairs):
        computed = formula.computed_tie(by_stakeholder[stakeholder], employee=employee, stakeholder=stakeholder,
                                        at=at, parameters=parameters)
        tie: StatedTie | None = stated.get((employee, stakeholder))
        effective = formula.effective_tie(stated=tie.strength if tie else None,
                                          stated_at=tie.stated_at if tie else None,
                                          stated_last_contact=_moment(tie.last_contact) if tie else None,
                                          computed=computed)
        signals.append(TieSignal(
            employee_id=employee, stakeholder_id=stakeholder, stated_strength=effective.stated,
            stated_at=effective.stated_at, computed_strength=computed.strength, raw=computed.raw,
            effective_strength=effective.effective, basis=effective.basis,
            last_interaction=computed.last_interaction, last_contact=effective.last_contact,
            meetings=computed.meetings, two_way_threads=computed.two_way_threads,
            one_way_threads=computed.one_way_threads, why=formula.explain(computed, at=at)))
    return signals


def with_effective_ties(graph: Graph, facts: MapFacts, *, at: date | datetime,
                        parameters: formula.StrengthParameters) -> MapFacts:
    """A power map's facts with each tie's `strength` the effective one (stated and computed beside it,
    and why), and the ties only interactions give added. Without captured interactions the facts
    come back as they were: the effective strength is then the stated one."""
    ids = [fact.stakeholder.id for fact in facts.facts]
    ties = tie_signals(graph, stakeholder_ids=ids, at=at, parameters=parameters) if ids else []
    if not any(t.computed_strength is not None for t in ties):
        return facts
    names = store.employees(graph, ids=[t.employee_id for t in ties])
    by_stakeholder: dict[str, list[TieSignal]] = defaultdict(list)
    for tie in ties:
        by_stakeholder[tie.stakeholder_id].append(tie)
    updated = []
    for fact in facts.facts:
        stated = {row.employee_id: row for row in fact.known_by}
        rows = []
        for tie in by_stakeholder[fact.stakeholder.id]:
            row = stated.get(tie.employee_id)
            who = {"name": row.name, "role": row.role} if row else names.get(tie.employee_id)
            if who is None or tie.effective_strength is None or tie.basis == "none":
                continue
            rows.append(KnownByRow(
                employee_id=tie.employee_id, name=who["name"], role=who["role"], strength=tie.effective_strength,
                target_strength=row.target_strength if row else None, last_contact=_day(tie.last_contact),
                stated_strength=tie.stated_strength, computed_strength=tie.computed_strength, basis=tie.basis,
                why=tie.why))
        updated.append(fact.model_copy(update={"known_by": rows}))
    return facts.model_copy(update={"facts": updated})


def with_effective_first_hops(graph: Graph, neighbourhood: Neighbourhood, *, at: date | datetime,
                              parameters: formula.StrengthParameters) -> Neighbourhood:
    """An influence search's first edges scored by effective strength: the source employees' ties to
    the people found, stated or only computed. Without captured interactions it comes back as it was."""
    people = sorted({neighbourhood.target.id, *(e.source for e in neighbourhood.edges),
                     *(e.target for e in neighbourhood.edges)})
    sources = set(neighbourhood.sources)
    ties = [t for t in tie_signals(graph, stakeholder_ids=people, at=at, parameters=parameters)
            if t.employee_id in sources]
    if not any(t.computed_strength is not None for t in ties):
        return neighbourhood
    names = store.employees(graph, ids=[t.employee_id for t in ties])
    known = [KnownBy(employee=t.employee_id, name=names[t.employee_id]["name"], role=names[t.employee_id]["role"],
                     stakeholder=t.stakeholder_id, strength=t.effective_strength)
             for t in ties if t.effective_strength is not None and t.employee_id in names]
    return neighbourhood.model_copy(update={"known": known})


def _left(person: PersonFacts, day: date) -> bool:
    left = _day(person.left_at)
    return left is not None and left <= day


def _key_members(projects: list[ScopeProject], people: dict[str, PersonFacts], day: date
                 ) -> dict[str, set[str]]:
    """Key member id -> the open projects they are a key member of, on `day`."""
    members: dict[str, set[str]] = defaultdict(set)
    for project in projects:
        if project.stage not in OPEN_STAGES:
            continue
        for chain in project.chains:
            for member in chain.members:
                if member.role in KEY_ROLES and member.id in people and not _left(people[member.id], day):
                    members[member.id].add(project.id)
    return members


def _covered(signals: list[TieSignal], covered_strength: float) -> dict[str, list[TieSignal]]:
    found: dict[str, list[TieSignal]] = defaultdict(list)
    for signal in signals:
        if signal.effective_strength is not None and signal.effective_strength >= covered_strength:
            found[signal.stakeholder_id].append(signal)
    return found


def _bosses(person: PersonFacts, day: date) -> set[str]:
    return {line.id for line in person.bosses
            if ((since := _day(line.since)) is None or since <= day) and ((until := _day(line.until)) is None
                                                                          or day < until)}


def _stance_on(person: PersonFacts, day: date) -> Stance | None:
    known = [a for a in person.assessments if a.stance is not None and a.at.date() <= day]
    return known[-1].stance if known else person.stance


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _names(people: dict[str, PersonFacts], ids: set[str]) -> str:
    return ", ".join(sorted(people[i].name for i in ids if i in people)) or "nobody"


def _member_alerts(person: PersonFacts, project_ids: set[str], people: dict[str, PersonFacts], *, d: date,
                   start: date, now: list[TieSignal], covered_now: list[TieSignal], covered_then: list[TieSignal],
                   settings: Settings) -> list[Alert]:
    """`silent`, `tie_weakening`, `stance_down` and `new_boss` of one key member."""
    base = {"stakeholder_id": person.id, "stakeholder_name": person.name,
            "project_id": next(iter(project_ids)) if len(project_ids) == 1 else None}
    projects = {"projectIds": sorted(project_ids)}
    found = []
    if covered_now:
        silence_from = d - timedelta(days=settings.alert_silent_days)
        heard = [day for day in [*(_day(s.last_contact) for s in now), *(_day(a) for a in person.activities_done)]
                 if day is not None and day <= d]
        if not any(_in(day, silence_from, d) for day in heard):
            best = max(covered_now, key=lambda s: s.effective_strength or 0)
            last = max(heard) if heard else None
            found.append(Alert(**base, kind="silent", at=last, details=projects,
                               reason=f"{person.name} is covered but nothing was heard for "
                                      f"{settings.alert_silent_days} days (last contact "
                                      f"{last.isoformat() if last else 'never'})",
                               people=sorted({person.id, *(s.employee_id for s in covered_now)}),
                               action=f"{best.employee_id} ({best.why}) should get in touch with {person.name}"))
    if covered_then and not covered_now:
        found.append(Alert(**base, kind="tie_weakening", at=d,
                           reason=f"{person.name} was covered on {start.isoformat()} (by "
                                  f"{', '.join(s.employee_id for s in covered_then)}) and is covered by no one now",
                           people=sorted({person.id, *(s.employee_id for s in covered_then)}),
                           action=f"renew the relationship with {person.name}: plan a meeting",
                           details={**projects,
                                    "strengthsThen": {s.employee_id: s.effective_strength for s in covered_then},
                                    "strengthsNow": {s.employee_id: s.effective_strength for s in now}}))
    previous = None
    for assessment in person.assessments:
        day = _day(assessment.at)
        if (_in(day, start, d) and previous is not None and previous.stance is not None
                and assessment.stance is not None and assessment.stance.score < previous.stance.score):
            found.append(Alert(**base, kind="stance_down", at=day, details=projects, people=[person.id],
                               reason=f"{person.name} moved from {previous.stance} to {assessment.stance}",
                               action=f"find out what turned {person.name} and who can win them back"))
        previous = assessment
    before, bosses = _bosses(person, start - timedelta(days=1)), _bosses(person, d)
    if before != bosses:
        found.append(Alert(**base, kind="new_boss", at=d,
                           reason=f"{person.name} reported to {_names(people, before)} and now reports to "
                                  f"{_names(people, bosses)}",
                           people=sorted({person.id, *before, *bosses}),
                           action=f"map and meet {_names(people, bosses - before)}, the new line above {person.name}",
                           details={**projects, "bossesBefore": sorted(before), "bossesNow": sorted(bosses)}))
    return found


def _champion_left(person: PersonFacts, *, d: date, start: date) -> Alert | None:
    left = _day(person.left_at)
    if left is None or not _in(left, start, d) or _stance_on(person, left) is not Stance.CHAMPION:
        return None
    return Alert(kind="champion_left", stakeholder_id=person.id, stakeholder_name=person.name, at=left,
                 reason=f"{person.name}, a champion, left on {left.isoformat()}", people=[person.id],
                 action=f"find who takes over {person.name}'s seats and who they trust")


def _bid_gap(project: ScopeProject, people: dict[str, PersonFacts], uncovered: list[str], *, d: date,
             settings: Settings) -> Alert | None:
    close = _day(project.close_date)
    if (project.stage != ProjectStage.BID or close is None
            or not _in(close, d, d + timedelta(days=settings.alert_close_days))):
        return None
    seated = {m.role for c in project.chains for m in c.members if m.id in people and not _left(people[m.id], d)}
    empty = sorted({role.value for c in project.chains for role in c.required_roles if role not in seated})
    if not empty and not uncovered:
        return None
    gaps = [f"empty seat {role}" for role in empty] + [f"{people[m].name} uncovered" for m in uncovered]
    return Alert(kind="bid_gap_near_close", project_id=project.id, at=close, people=uncovered,
                 reason=f"{project.name} closes on {close.isoformat()} with " + "; ".join(gaps),
                 action="fill the empty seats and reach the uncovered key members before the close",
                 details={"emptySeats": empty, "uncoveredKeyMembers": uncovered})


def alerts(graph: Graph, *, scope: AlertScope, scope_id: str, report_date: date, settings: Settings) -> Alerts:
    """The alerts of a project or a customer at `report_date` (module docstring: the definitions)."""
    d = report_date
    start = d - timedelta(days=settings.alert_window_days)
    parameters = formula.StrengthParameters.from_settings(settings)
    projects, facts = store.alert_scope(graph, scope_kind=scope, scope_id=scope_id, until=_instant(d))
    people = {person.id: person for person in facts}
    key_now = _key_members(projects, people, d)
    ids = sorted(key_now)
    now = tie_signals(graph, stakeholder_ids=ids, at=d, parameters=parameters) if ids else []
    then = tie_signals(graph, stakeholder_ids=ids, at=start, parameters=parameters) if ids else []
    covered_now, covered_then = _covered(now, settings.covered_strength), _covered(then, settings.covered_strength)
    found: list[Alert] = []
    for member_id, project_ids in sorted(key_now.items()):
        found += _member_alerts(people[member_id], project_ids, people, d=d, start=start,
                                now=[s for s in now if s.stakeholder_id == member_id],
                                covered_now=covered_now.get(member_id, []),
                                covered_then=covered_then.get(member_id, []), settings=settings)
    found += [alert for person in facts if (alert := _champion_left(person, d=d, start=start))]
    for project in projects:
        uncovered = sorted(m for m, p in key_now.items() if project.id in p and not covered_now.get(m))
        if gap := _bid_gap(project, people, uncovered, d=d, settings=settings):
            found.append(gap)
    found.sort(key=lambda a: (ORDER.index(a.kind), a.project_id or "", a.stakeholder_id or "", a.at or d))
    return Alerts(scope=scope, scope_id=scope_id, report_date=d, window_start=start, alerts=found)
