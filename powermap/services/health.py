"""Relationship health of a customer: the practice's three levels, each a number with its parts,
now and one year earlier.

How each level is scored (0..1):

- Organisational: company-to-company ties in the 12 months to the report date. Parts, each
  capped at 1: agreements in force (contracts signed in the last 3 years) against 1, executive
  exchanges (done executive and HQ visits) against 4, joint programmes (done workshops) against 2.
  The score is their mean. These come from contracts and activities, so no extra model is needed.
- Key-person: the key members (decision makers and approvers) of the customer's open projects.
  Parts: coverage, and average stance of those with a known stance mapped from -2..+2 onto 0..1.
  The score is their mean (0 when there are no key members).
- Broad: parts are the share of the customer's org units, and of the levels present among its
  people, with at least one covered stakeholder. The score is their mean.

A report date in the past judges key-person and broad on the customer's power map as of the end
of that day, and one year earlier likewise: stances and influence from assessments, KNOWS ties and
their strengths from the tie history, projects open then (README, "History rules"). A report date
of today or later is still running and is judged on today's map, as scorecards do.
"""

from datetime import UTC, date, datetime, time, timedelta

from pydantic.alias_generators import to_snake

from powermap.graph.driver import Graph
from powermap.graph.repositories import health as health_reads
from powermap.models.health import CompanyTies, HealthLevel, HealthPart, RelationshipHealth
from powermap.models.power_map import PowerMap
from powermap.services.power_map import Thresholds, customer_power_map

ORGANISATIONAL_TARGETS = {"agreements": 1, "executiveExchanges": 4, "jointProgrammes": 2}


def _mean(parts: list[HealthPart]) -> float:
    return sum(part.score for part in parts) / len(parts) if parts else 0.0


def organisational_parts(ties: CompanyTies) -> list[HealthPart]:
    return [HealthPart(name=name, value=getattr(ties, to_snake(name)), target=target,
                       score=min(1.0, getattr(ties, to_snake(name)) / target))
            for name, target in ORGANISATIONAL_TARGETS.items()]


def key_person_parts(power_map: PowerMap) -> list[HealthPart]:
    members = [person for person in power_map.stakeholders if person.is_key_member]
    if not members:
        return [HealthPart(name="keyMemberCoverage", value=0, score=0),
                HealthPart(name="averageKeyMemberStance", value=0, score=0)]
    covered = sum(person.covered for person in members) / len(members)
    known = [person.stance_score for person in members if person.stance_score is not None]
    average = sum(known) / len(known) if known else 0.0
    return [HealthPart(name="keyMemberCoverage", value=covered, target=1, score=covered),
            HealthPart(name="averageKeyMemberStance", value=average, target=2,
                       score=(average + 2) / 4 if known else 0.0)]


def broad_parts(power_map: PowerMap, units: list[str]) -> list[HealthPart]:
    covered_units = {p.org_unit.id for p in power_map.stakeholders
                     if p.covered and p.org_unit and p.org_unit.kind == "OrgUnit"}
    levels = {p.level for p in power_map.stakeholders if p.level}
    covered_levels = {p.level for p in power_map.stakeholders if p.covered and p.level}
    unit_share = len(covered_units & set(units)) / len(units) if units else 0.0
    level_share = len(covered_levels) / len(levels) if levels else 0.0
    return [HealthPart(name="orgUnitsCovered", value=unit_share, target=1, score=unit_share),
            HealthPart(name="levelsCovered", value=level_share, target=1, score=level_share)]


def _levels_at(graph: Graph, customer_id: str, day: date, units: list[str],
               thresholds: Thresholds, as_of: datetime | None) -> tuple[str, dict[str, list[HealthPart]]]:
    end = datetime.combine(day, time.max, UTC)
    ties = health_reads.company_ties(graph, customer_id=customer_id, start=end - timedelta(days=365), end=end)
    power_map = customer_power_map(graph, customer_id=customer_id, as_of=as_of, report_date=day,
                                   thresholds=thresholds)
    return power_map.scope.name, {
        "organisational": organisational_parts(ties),
        "key_person": key_person_parts(power_map),
        "broad": broad_parts(power_map, units),
    }


def _as_of(day: date) -> datetime | None:
    """The instant a day is judged at: its end, or None (today's map) while it is still running."""
    end = datetime.combine(day, time.max, UTC)
    return end if end < datetime.now(UTC) else None


def relationship_health(graph: Graph, *, customer_id: str, report_date: date | None = None,
                        thresholds: Thresholds) -> RelationshipHealth:
    """The three levels now and one year earlier, with the change."""
    day = report_date or datetime.now(UTC).date()
    previous_day = day - timedelta(days=366 if (day.month, day.day) == (2, 29) else 365)
    units = health_reads.org_units(graph, customer_id=customer_id)
    name, now = _levels_at(graph, customer_id, day, units, thresholds, _as_of(day))
    _, before = _levels_at(graph, customer_id, previous_day, units, thresholds, _as_of(previous_day))
    levels = [
        HealthLevel(level=level, score=_mean(now[level]), parts=now[level],
                    previous_score=_mean(before[level]), previous_parts=before[level],
                    change=_mean(now[level]) - _mean(before[level]))
        for level in ("organisational", "key_person", "broad")
    ]
    return RelationshipHealth(customer_id=customer_id, customer_name=name, report_date=day,
                              previous_date=previous_day, levels=levels)
