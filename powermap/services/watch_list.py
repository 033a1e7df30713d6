"""The alert watch list of a team, an employee or a project (issue #15: "a watch list per team,
project and employee"), and what it adds to each alert: the day it was triggered, the names of the
people involved, and the best influence path to the person the suggested action is about.

The alerts themselves are DOMAIN.md's (powermap/services/signals.py), computed per customer (or per
project when a project is named). Choices where DOMAIN.md and the issue are silent:

- Who watches what. A `Team` is a customer team (DOMAIN.md): it watches the customers it `COVERS`,
  every alert of them (their projects' and their people's). An employee watches the projects they
  manage (`MANAGED_BY`, as their scorecard answers for) and every alert, at the customers of their
  teams or projects, that names them among the people involved (their own tie gone silent or
  weakening). A project is watched by itself. Filters given together narrow each other (a team and a
  project: that project's alerts, if the team covers its customer; else none). No filter: every
  customer (the company-wide list).
- `since` keeps the alerts *triggered* on or after that day. The triggering day per kind: `silent`
  the first day of the silence that fires it (last contact + `alert_silent_days` + 1; never heard:
  the report date); `stance_down` the lowering assessment's day; `champion_left` the day they left;
  `bid_gap_near_close` the day the close date came within `alert_close_days` (close date minus that);
  `new_boss` and `tie_weakening` the report date (the graph does not date the moment a line changed
  inside the window, nor when a decaying tie crossed the threshold), so they stay on each digest
  while they hold. The weekly digest's default `since` is the report date minus 7 days.
- The person concerned: the key member for `silent`, `stance_down`, `tie_weakening`; the first new
  boss for `new_boss`; the first uncovered key member for `bid_gap_near_close` (none when the gap is
  only empty seats); nobody for `champion_left` (they are gone: the action is to find the successor).
  The path is the best one (k=1) from the project's team when the alert is about one project, else
  from the teams covering the customer, scored with effective strengths at the report date.
- Access: alerts carry names, stances and ids, no personal field (`policy.PERSONAL_FIELDS`: notes,
  e-mail), so any key may read them, as the project and customer alerts.
"""

from datetime import date, timedelta

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.repositories import signals as store
from powermap.models.influence import InfluencePath
from powermap.models.signals import Alert, AlertScope, Involved, WatchAlert, WatchList
from powermap.services import influence_paths, signals
from powermap.services.tie_strength import StrengthParameters
from powermap.settings import Settings

DIGEST_DAYS = 7


def triggered_on(alert: Alert, *, report_date: date, settings: Settings) -> date:
    """The day the event that triggered the alert happened (module docstring)."""
    if alert.kind == "silent":
        return alert.at + timedelta(days=settings.alert_silent_days + 1) if alert.at else report_date
    if alert.kind == "bid_gap_near_close" and alert.at:
        return alert.at - timedelta(days=settings.alert_close_days)
    if alert.kind in ("stance_down", "champion_left") and alert.at:
        return alert.at
    return report_date


def concerned(alert: Alert) -> str | None:
    """The person the suggested action is about (module docstring)."""
    if alert.kind == "champion_left":
        return None
    if alert.kind == "new_boss":
        new = sorted(set(alert.details.get("bossesNow", [])) - set(alert.details.get("bossesBefore", [])))
        return new[0] if new else alert.stakeholder_id
    if alert.kind == "bid_gap_near_close":
        uncovered = alert.details.get("uncoveredKeyMembers", [])
        return uncovered[0] if uncovered else None
    return alert.stakeholder_id


def projects_of(alert: Alert) -> set[str]:
    """The projects an alert is about."""
    return {alert.project_id} if alert.project_id else set(alert.details.get("projectIds", []))


def _narrowed(graph: Graph, *, team_id: str | None, employee_id: str | None,
              project_id: str | None) -> tuple[list[str], set[str] | None]:
    """The customers the filters reach together, and the projects the employee manages (None: no employee)."""
    customers: set[str] | None = None
    managed: set[str] | None = None
    for kind, scope_id in (("team", team_id), ("employee", employee_id), ("project", project_id)):
        if scope_id is None:
            continue
        reached, projects = store.watch_scope(graph, scope_kind=kind, scope_id=scope_id)
        customers = set(reached) if customers is None else customers & set(reached)
        if kind == "employee":
            managed = set(projects)
    return sorted(customers if customers is not None else store.all_customers(graph)), managed


def watch_list(graph: Graph, *, report_date: date, settings: Settings, team_id: str | None = None,
               employee_id: str | None = None, project_id: str | None = None,
               since: date | None = None) -> WatchList:
    """The alerts a team, employee or project watches at `report_date`, triggered on or after `since`."""
    if since is not None and since > report_date:
        raise InvalidValue(f"since ({since}) must be on or before the report date ({report_date})", field="since")
    customers, managed = _narrowed(graph, team_id=team_id, employee_id=employee_id, project_id=project_id)
    scopes: list[tuple[AlertScope, str, str]] = (
        [("project", project_id, customers[0])] if project_id and customers
        else [] if project_id else [("customer", c, c) for c in customers])
    kept: list[tuple[str, Alert]] = []
    window_start = report_date - timedelta(days=settings.alert_window_days)
    for scope, scope_id, customer in scopes:
        found = signals.alerts(graph, scope=scope, scope_id=scope_id, report_date=report_date, settings=settings)
        window_start = found.window_start
        for alert in found.alerts:
            if employee_id and managed is not None and not (projects_of(alert) & managed
                                                            or employee_id in alert.people):
                continue
            if since is not None and triggered_on(alert, report_date=report_date, settings=settings) < since:
                continue
            kept.append((customer, alert))
    return WatchList(team_id=team_id, employee_id=employee_id, project_id=project_id, since=since,
                     report_date=report_date, window_start=window_start, customer_ids=customers,
                     alerts=_with_suggestions(graph, kept, report_date=report_date, settings=settings))


def _with_suggestions(graph: Graph, kept: list[tuple[str, Alert]], *, report_date: date,
                      settings: Settings) -> list[WatchAlert]:
    """Each alert with its triggering day, the names of its people and the best path to the person concerned."""
    named = store.names(graph, ids=[i for _, a in kept for i in [*a.people, *filter(None, [concerned(a)])]])
    strength = StrengthParameters.from_settings(settings)
    paths: dict[tuple[str, str | None], InfluencePath | None] = {}
    answered = []
    for customer, alert in kept:
        target = concerned(alert)
        if target is not None and (target, alert.project_id) not in paths:
            found = influence_paths.influence_paths(graph, target_id=target, project_id=alert.project_id, k=1,
                                                    at=report_date, strength=strength)
            paths[(target, alert.project_id)] = found.paths[0] if found.paths else None
        answered.append(WatchAlert(
            **alert.model_dump(by_alias=False), customer_id=customer,
            involved=[Involved(id=i, name=named[i]) for i in alert.people if i in named],
            triggered_on=triggered_on(alert, report_date=report_date, settings=settings),
            concerned_id=target, concerned_name=named.get(target) if target else None,
            path=paths.get((target, alert.project_id)) if target else None))
    return answered


def digest_since(report_date: date) -> date:
    """The weekly digest's default `since`: the week before the report date."""
    return report_date - timedelta(days=DIGEST_DAYS)
