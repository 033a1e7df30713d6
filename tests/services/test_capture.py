"""Capture against the real database: matching, the not-on-the-map list, idempotent re-capture,
subjects only when asked, aliases, exclusion and erasure (powermap/services/capture.py), and the
computed strengths the captured history gives (powermap/services/signals.py)."""

import json
import math
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from powermap.graph import catalog
from powermap.graph.loaders import load_graph_document
from powermap.graph.model import Label
from powermap.graph.repositories import capture as capture_repo
from powermap.models.capture import AliasCreate, ExclusionCreate
from powermap.models.security import Principal, Role
from powermap.services import capture, influence_paths, power_map, privacy, signals
from powermap.services.tie_strength import StrengthParameters

FIXTURES = Path(__file__).parents[1] / "fixtures" / "capture"
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
ADMIN = Principal(key_id=None, name="test admin", role=Role.ADMIN, acting_employee_id="emp-wang")
ACME = {
    "Customer": [{"id": "cus-acme", "name": "Acme Telecom"}],
    "OrgUnit": [{"id": "org-net", "name": "Network", "customerId": "cus-acme"}],
    "Employee": [{"id": "emp-wang", "name": "Wang Lei", "role": "AR", "email": "wang.lei@ourco.example"},
                 {"id": "emp-anna", "name": "Anna Berg", "role": "SR", "email": "anna.berg@ourco.example"}],
    "Stakeholder": [
        {"id": "stk-zhou", "name": "Zhou Min", "email": "Zhou.Min@acme.example", "orgUnitId": "org-net"},
        {"id": "stk-li", "name": "Li Na", "email": "li.na@acme.example", "customerId": "cus-acme"},
        {"id": "stk-tanaka", "name": "田中 健", "email": "tanaka.ken@acme.example", "customerId": "cus-acme"}],
    "relationships": {"KNOWS": [["emp-wang", "stk-zhou", {"strength": 0.3}]]},
}


def _files(*names: str) -> list[tuple[str, bytes]]:
    return [(name, (FIXTURES / name).read_bytes()) for name in names]


def _calendar(graph, **options):
    return capture.capture_calendar(graph, principal=ADMIN, sources=_files("acme-calendar.ics"), start=START,
                                    end=END, **options)


def _mail(graph, *names: str, **options):
    return capture.capture_mail(graph, principal=ADMIN, sources=_files(*names), **options)


def _interactions(graph) -> dict[str, dict]:
    records, _, _ = graph.driver.execute_query(
        "MATCH (i:Interaction) RETURN i.id AS id, properties(i) AS props, "
        "[(i)-[:INVOLVES]->(p) | p.id] AS people", database_=graph.database)
    return {r["id"]: {**r["props"], "people": sorted(r["people"])} for r in records}


def _count(graph, cypher: str) -> int:
    records, _, _ = graph.driver.execute_query(cypher, database_=graph.database)
    return records[0][0]


@pytest.fixture
def acme(graph):
    load_graph_document(graph, ACME)
    return graph


def test_calendar_matches_people_expands_the_weekly_meeting_and_lists_who_is_not_on_the_map(acme):
    report = _calendar(acme)
    # 4 weekly occurrences, the all-day workshop and the all-hands; the focus block and the
    # cancelled dinner are no meetings. The workshop's organizer is Anna under an address we do not
    # know yet, so it has none of our people.
    assert (report.read, report.captured, report.created) == (6, 5, 5)
    stored = sorted(_interactions(acme).values(), key=lambda i: i["at"])
    assert [i["people"] for i in stored] == [["emp-wang", "stk-zhou"]] * 4 + [["emp-wang", "stk-li", "stk-zhou"]]
    assert [i["at"].to_native() for i in stored[:4]] == [  # 09:00 in Shanghai is 01:00 UTC
        datetime(2026, 9, d, 1, 0, tzinfo=UTC) for d in (7, 14, 21, 28)]
    assert stored[4]["participantCount"] == 11  # every distinct address, matched or not
    assert {i["kind"] for i in stored} == {"meeting"}
    # People at Acme's domain we met but have not mapped; never created.
    assert [(s.address, s.name, s.customer_ids) for s in report.not_on_the_map] == [
        ("new.cto@acme.example", "Kim Soo", ["cus-acme"]), ("ops1@acme.example", None, ["cus-acme"]),
        ("ops2@acme.example", None, ["cus-acme"]), ("ops3@acme.example", None, ["cus-acme"]),
        ("ops4@acme.example", None, ["cus-acme"])]
    assert _count(acme, "MATCH (s:Stakeholder) RETURN count(s)") == 3


def test_recapture_is_idempotent_and_writes_no_audit(acme):
    _calendar(acme)
    _mail(acme, "acme-mail.mbox")
    before = (_interactions(acme), _count(acme, "MATCH (a:AuditEntry) RETURN count(a)"))
    again = _calendar(acme)
    mail_again = _mail(acme, "acme-mail.mbox")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert (mail_again.created, mail_again.updated) == (0, 0)
    after = (_interactions(acme), _count(acme, "MATCH (a:AuditEntry) RETURN count(a)"))
    assert {k: {**v, "updatedAt": None} for k, v in after[0].items()} == {
        k: {**v, "updatedAt": None} for k, v in before[0].items()}
    assert after[1] == before[1]


def test_every_capture_is_audited_with_who(acme):
    _calendar(acme)
    records, _, _ = acme.driver.execute_query(
        "MATCH (a:AuditEntry {label: 'Interaction'}) RETURN a.action AS action, a.employeeId AS who, a.after AS after",
        database_=acme.database)
    assert len(records) == 5 and {r["action"] for r in records} == {"capture create"}
    assert {r["who"] for r in records} == {"emp-wang"}
    assert all("subject" not in json.loads(r["after"]) for r in records)


def test_no_subjects_unless_asked_and_the_latest_capture_decides(acme):
    _calendar(acme)
    assert all("subject" not in i and i["privacy"] == "metadata" for i in _interactions(acme).values())
    kept = _calendar(acme, keep_subjects=True)
    assert kept.updated == 5
    subjects = {i["subject"] for i in _interactions(acme).values()}
    assert subjects == {"Core network weekly sync (confidential pricing)", "Acme supplier all-hands"}
    assert {i["privacy"] for i in _interactions(acme).values()} == {"metadata_and_subjects"}
    _calendar(acme)
    assert all("subject" not in i for i in _interactions(acme).values())


def test_mail_threads_direction_and_a_later_reply_joins_its_thread(acme):
    capture.add_alias(acme, principal=ADMIN, alias=AliasCreate(address="A.Berg@ourco-mail.example",
                                                               person_id="emp-anna"))
    report = _mail(acme, "acme-mail.mbox")
    assert (report.read, report.captured) == (3, 3)
    threads = {i["direction"]: i for i in _interactions(acme).values()}
    assert sorted(threads) == ["inbound", "outbound", "two_way"]
    assert threads["two_way"]["people"] == ["emp-wang", "stk-li", "stk-zhou"]  # Li was on copy
    assert threads["outbound"]["people"] == ["emp-anna", "stk-tanaka"]  # matched through the alias
    assert "Body" not in json.dumps({k: str(v) for i in threads.values() for k, v in i.items()})
    later = _mail(acme, "reply-again.eml")
    assert (later.created, later.updated) == (0, 1)
    thread = next(i for i in _interactions(acme).values() if i["direction"] == "two_way")
    assert len(json.loads(thread["messages"])) == 3
    assert thread["at"].to_native() == datetime(2026, 10, 9, 0, 30, tzinfo=UTC)
    assert [s.address for s in report.not_on_the_map] == ["new.cto@acme.example"]


def test_an_alias_brings_in_the_workshop_with_the_cjk_name(acme):
    capture.add_alias(acme, principal=ADMIN, alias=AliasCreate(address="a.berg@ourco-mail.example",
                                                               person_id="emp-anna"))
    report = _calendar(acme)
    assert report.captured == 6
    workshop = next(i for i in _interactions(acme).values() if "emp-anna" in i["people"])
    assert workshop["people"] == ["emp-anna", "stk-li", "stk-tanaka"]
    assert workshop["at"].to_native() == datetime(2026, 10, 2, tzinfo=UTC)  # all-day: the day at 00:00 UTC


def test_an_excluded_person_is_never_captured_and_leaves_past_interactions(acme):
    _calendar(acme)
    _mail(acme, "acme-mail.mbox")
    result = capture.exclude(acme, principal=ADMIN, exclusion=ExclusionCreate(person_id="stk-li"))
    # Li was on the all-hands and the pricing thread (kept without her) and alone on her question
    # to Wang (deleted: no stakeholder left).
    assert (result.interactions_left, result.interactions_deleted) == (2, 1)
    assert all("stk-li" not in i["people"] for i in _interactions(acme).values())
    assert all("stk-li" not in (i.get("messages") or "") for i in _interactions(acme).values())
    again = _mail(acme, "acme-mail.mbox")
    assert (again.captured, again.created) == (1, 0)  # Li's thread is not captured again
    assert "li.na@acme.example" not in [s.address for s in again.not_on_the_map]
    assert _count(acme, "MATCH (x:CaptureExclusion) WHERE x.id CONTAINS '@' RETURN count(x)") == 0


def test_erasure_removes_the_persons_interactions_and_keeps_them_out(acme):
    _calendar(acme)
    _mail(acme, "acme-mail.mbox")
    capture.add_alias(acme, principal=ADMIN, alias=AliasCreate(address="zhou@private.example", person_id="stk-zhou"))
    erased = privacy.erase_person(acme, principal=ADMIN, stakeholder_id="stk-zhou")
    assert erased["interactionsDeleted"] == 4  # the four weekly meetings had only Wang and Zhou
    assert all("stk-zhou" not in i["people"] and "stk-zhou" not in (i.get("messages") or "")
               for i in _interactions(acme).values())
    assert _count(acme, "MATCH (a:EmailAlias) RETURN count(a)") == 0
    again = _calendar(acme)
    assert again.created == 0 and "zhou.min@acme.example" not in [s.address for s in again.not_on_the_map]
    assert all("stk-zhou" not in i["people"] for i in _interactions(acme).values())


def test_computed_strength_from_the_captured_history(acme):
    _calendar(acme)
    _mail(acme, "acme-mail.mbox", "reply-again.eml")
    ties = signals.tie_signals(acme, stakeholder_ids=["stk-zhou"], at=date(2026, 10, 10),
                               parameters=StrengthParameters())
    wang = next(t for t in ties if t.employee_id == "emp-wang")
    # Weekly meetings 33, 26, 19 and 12 days before; the pricing thread two-way, last message 1 day
    # before; the all-hands is after the day asked.
    raw = sum(2 ** (-d / 90) for d in (33, 26, 19, 12)) + 0.5 * 2 ** (-1 / 90)
    assert wang.raw == pytest.approx(raw)
    assert wang.computed_strength == pytest.approx(1 - math.exp(-raw / 2))
    assert (raw, wang.computed_strength) == (pytest.approx(3.8659, abs=1e-4), pytest.approx(0.8553, abs=1e-4))
    assert (wang.stated_strength, wang.basis) == (0.3, "computed")  # stated with no known time: older
    assert wang.effective_strength == wang.computed_strength
    assert (wang.meetings, wang.two_way_threads) == (4, 1)
    assert wang.why == "last wrote 2026-10-09, 4 meetings, 1 two-way and 0 one-way threads in 180 days"
    # A pair with interactions but no stated tie has a tie all the same.
    li = signals.tie_signals(acme, stakeholder_ids=["stk-li"], at=date(2026, 10, 20), parameters=StrengthParameters())
    assert [(t.employee_id, t.stated_strength, t.basis) for t in li] == [("emp-wang", None, "computed")]


def test_an_editor_of_another_team_cannot_capture_acme(acme):
    outsider = Principal(key_id="k", name="editor B", role=Role.EDITOR, employee_id="emp-anna",
                         customers=frozenset({"cus-other"}))
    with pytest.raises(capture.policy.Forbidden):
        capture.capture_calendar(
            acme, principal=outsider, sources=_files("acme-calendar.ics"), start=START, end=END)
    assert _interactions(acme) == {}


def test_the_power_map_uses_the_effective_strength_and_shows_both(acme):
    _calendar(acme)
    _mail(acme, "acme-mail.mbox", "reply-again.eml")
    found = power_map.customer_power_map(acme, customer_id="cus-acme", report_date=date(2026, 10, 10),
                                         thresholds=power_map.Thresholds())
    people = {person.id: person for person in found.stakeholders}
    zhou = people["stk-zhou"].covered_by[0]
    # Stated 0.3 (not covering) with no known time; the captured history says 0.8553.
    assert (zhou.employee_id, zhou.stated_strength, zhou.basis, zhou.covers) == ("emp-wang", 0.3, "computed", True)
    assert zhou.strength == pytest.approx(0.8553, abs=1e-4)
    assert people["stk-zhou"].covered and people["stk-zhou"].last_contact == date(2026, 10, 9)
    # Li only wrote to Wang once (inbound 0.3, 3 days before): a tie with no KNOWS, too weak to cover.
    li = people["stk-li"].covered_by
    assert [(c.employee_id, c.stated_strength, c.basis, c.covers) for c in li] == [("emp-wang", None, "computed",
                                                                                     False)]
    assert li[0].strength == pytest.approx(1 - math.exp(-0.3 * 2 ** (-3 / 90) / 2))
    assert not people["stk-li"].covered


def test_a_tie_only_interactions_give_can_start_an_influence_path(acme):
    load_graph_document(acme, {"relationships": {"INFLUENCES": [["stk-li", "stk-tanaka", {"strength": 0.9}]]}})
    assert influence_paths.influence_paths(acme, target_id="stk-tanaka", employee_ids=["emp-wang"],
                                           at=date(2026, 10, 10)).paths == []
    _mail(acme, "acme-mail.mbox")
    found = influence_paths.influence_paths(acme, target_id="stk-tanaka", employee_ids=["emp-wang"],
                                            at=date(2026, 10, 10))
    li = 1 - math.exp(-0.3 * 2 ** (-3 / 90) / 2)  # Li wrote to Wang once, 3 days before
    assert [[p.id for p in path.people] for path in found.paths] == [["emp-wang", "stk-li", "stk-tanaka"]]
    assert found.paths[0].score == pytest.approx(li * 0.9)


def _judging_reads(graph, stakeholder_id: str) -> int:
    """Database hits of the access policy's ownership walk (security/customers_of) for one person."""
    def hits(plan) -> int:
        return plan.get("dbHits", 0) + sum(hits(child) for child in plan.get("children", []))

    statement = catalog.template("security/customers_of", label=Label.STAKEHOLDER)
    with graph.driver.session(database=graph.database) as session:
        result = session.run("PROFILE " + statement, ids=[stakeholder_id])
        assert [(r["id"], r["customers"]) for r in result] == [(stakeholder_id, ["cus-acme"])]
        return hits(result.consume().profile)


def _meetings_with_li(first: int, count: int) -> bytes:
    meetings = "".join(
        f"BEGIN:VEVENT\r\nUID:many-{n}@ourco.example\r\nDTSTART:2026{n % 9 + 1:02d}{n % 28 + 1:02d}T0{n % 7}0000Z\r\n"
        f"DTEND:2026{n % 9 + 1:02d}{n % 28 + 1:02d}T0{n % 7}3000Z\r\nORGANIZER:mailto:wang.lei@ourco.example\r\n"
        f"ATTENDEE:mailto:li.na@acme.example\r\nEND:VEVENT\r\n" for n in range(first, first + count))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{meetings}END:VCALENDAR\r\n".encode()


def test_judging_a_person_reads_no_more_as_their_captured_history_grows(acme):
    # The ownership walk once followed every relationship of a person, so each capture judged the
    # people on it by reading all their past interactions, and capture slowed as history grew.
    reads = []
    for first in (0, 150):
        report = capture.capture_calendar(acme, principal=ADMIN, sources=[("many.ics", _meetings_with_li(first, 150))],
                                          start=START, end=END)
        assert report.created == 150
        reads.append(_judging_reads(acme, "stk-li"))
    assert _count(acme, "MATCH (:Stakeholder {id: 'stk-li'})<-[:INVOLVES]-(i) RETURN count(i)") == 300
    # No more (a walk over every relationship would read 150 more interactions); one fewer happens when
    # the grown graph's statistics make Neo4j plan the statement again.
    assert reads[1] <= reads[0], reads


def _operators(plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {plan["operatorType"].split("@")[0], *(name for child in plan.get("children", [])
                                                  for name in _operators(child))}


def test_addresses_and_domains_are_found_through_the_index_whatever_they_hold(graph):
    load_graph_document(graph, {
        "Customer": [{"id": "cus-acme", "name": "Acme Telecom"}],
        "Employee": [{"id": "emp-boss", "name": "Boss", "role": "AR", "email": "Boss@OurCo.example"}],
        "Stakeholder": [
            {"id": "stk-quote", "name": "Quote", "email": 'Q"uo\\te@Acme.example', "customerId": "cus-acme"},
            {"id": "stk-spaced", "name": "Spaced", "email": "  Spaced.Out@ACME.example ", "customerId": "cus-acme"},
            {"id": "stk-tagged", "name": "Tagged", "email": "x_y+tag@sub.acme.example", "customerId": "cus-acme"},
            {"id": "stk-near", "name": "Near", "email": "spaced.out@acme.example.org", "customerId": "cus-acme"},
            # Lower-cased whole (as capture and Cypher do) these differ from the index's letter-by-letter.
            {"id": "stk-ibrahim", "name": "İbrahim", "email": "İbrahim@ACME.example", "customerId": "cus-acme"},
            {"id": "stk-odysseas", "name": "Οδυσσέας", "email": "ΟΔΥΣΣΕΑΣ@acme.example", "customerId": "cus-acme"},
            {"id": "stk-ist", "name": "Ist", "email": "ist@İSTANBUL.example", "customerId": "cus-acme"}]})
    # More addresses than one full-text query takes, and some that hold no word at all.
    strangers = [f"n{i}@elsewhere.example" for i in range(250)]
    addresses = ['q"uo\\te@acme.example', "spaced.out@acme.example", "x_y+tag@sub.acme.example",
                 "boss@ourco.example", "@@", '"', "nobody@acme.example", *strangers,
                 "İbrahim@acme.example".lower(), "ΟΔΥΣΣΕΑΣ@acme.example".lower()]
    istanbul = "İSTANBUL.example".lower()
    domains = ["acme.example", "sub.acme.example", "ourco.example", "elsewhere.example", '"', istanbul]
    known = capture_repo.known(graph, addresses=addresses, domains=domains)
    assert sorted((person.address, person.id) for person in known.people) == sorted([
        ("boss@ourco.example", "emp-boss"), ('q"uo\\te@acme.example', "stk-quote"),
        ("spaced.out@acme.example", "stk-spaced"), ("x_y+tag@sub.acme.example", "stk-tagged"),
        ("i\u0307brahim@acme.example", "stk-ibrahim"), ("οδυσσεας@acme.example", "stk-odysseas")])
    assert known.customer_domains == {"acme.example": ["cus-acme"], "sub.acme.example": ["cus-acme"],
                                      istanbul: ["cus-acme"]}
    for name, parameters in (("capture/people_by_address", {"addresses": addresses}),
                             ("capture/customer_domains", {"domains": domains})):
        searches = capture_repo.email_searches(next(iter(parameters.values())))
        _, summary, _ = graph.driver.execute_query("EXPLAIN " + catalog.query(name), searches=searches,
                                                   database_=graph.database, **parameters)
        assert "NodeByLabelScan" not in _operators(summary.plan), f"{name} reads every person"
