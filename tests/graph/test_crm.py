"""CRM exports in (Salesforce Data Loader and report exports, Dynamics 365) and back out to Salesforce.

The fixtures under tests/fixtures/crm are written as the CRMs write them: a UTF-8 BOM and CRLF
(Data Loader, Excel's "CSV UTF-8"), Windows-1252 with a footer (a Salesforce report), quoted commas
and line breaks, Chinese names and titles, files named so that they sort out of dependency order.
"""

import csv
from datetime import date
from pathlib import Path

import pytest

from powermap.errors import InvalidValue
from powermap.graph import transfer
from powermap.graph.crm.export import export_salesforce
from powermap.graph.crm.files import SourceFile, source_files
from powermap.graph.crm.formats import read_sources
from powermap.graph.crm.mapping import load_mapping
from powermap.graph.crm.titles import level_of
from powermap.models.security import SYSTEM
from powermap.services import power_map as map_service
from powermap.settings import get_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crm"
DATALOADER = FIXTURES / "salesforce-dataloader"
MAPPING = load_mapping()
SF = {name: f"{prefix}Dn00000{code}IAV" for name, prefix, code in [
    ("group", "001", "AbCdE"), ("fibre", "001", "FgHiJ"), ("huaxin", "001", "KlMnO"),
    ("ada", "003", "PqRsA"), ("henrik", "003", "TuVwB"), ("grace", "003", "XyZaC"), ("wang", "003", "DeFgD"),
    ("li", "003", "HiJkE"), ("merlin", "003", "LmNoF"), ("olaf", "003", "PqRsG"),
    ("swap", "006", "AaBbC"), ("backbone", "006", "CcDdE"), ("ghost", "006", "EeFfG"), ("star", "006", "GgHhI"),
    ("extension", "006", "IiJjK")]}


def sf(name: str) -> str:
    return f"sf-{SF[name]}"


def _load(graph, *paths: Path, mapping=MAPPING):
    read = read_sources(graph, source_files(list(paths)), mapping=mapping)
    report = transfer.import_rows(graph, read.rows, who=SYSTEM.signature)
    return read, report


def _query(graph, text: str, **params):
    records, _, _ = graph.driver.execute_query(text, params, database_=graph.database)
    return [record.data() for record in records]


def _nodes(graph, label: str) -> dict[str, dict]:
    return {row["n"]["id"]: row["n"] for row in _query(graph, f"MATCH (n:{label}) RETURN properties(n) AS n")}


def test_dataloader_export_goes_in_whatever_the_file_order(graph):
    read, report = _load(graph, DATALOADER)
    assert read.formats == {
        str(DATALOADER / "1-extract-OpportunityContactRole.csv"): "salesforce-opportunity-contact-role",
        str(DATALOADER / "2-extract-Contact.csv"): "salesforce-contact",
        str(DATALOADER / "3-extract-Opportunity.csv"): "salesforce-opportunity",
        str(DATALOADER / "4-extract-Account.csv"): "salesforce-account"}
    assert report.errors == []
    assert dict(read.counts) == {"customers": 3, "stakeholders": 6, "reports-to lines": 4, "projects": 2,
                                 "contact roles": 5}
    assert (report.nodes, report.relationships) == (13, 20), "2 chains; 11 links, 4 reports-to lines, 5 seats"
    refused = sorted((Path(p.file).name, p.line, p.field, p.problem) for p in read.problems)
    assert refused == [
        ("1-extract-OpportunityContactRole.csv", 7, "ContactId",
         "no contact 003Dn00000YyYyYIAV in the export or the graph"),
        ("1-extract-OpportunityContactRole.csv", 8, "Role", "unknown role 'Astrologer'"),
        ("2-extract-Contact.csv", 9, "ReportsToId", "no contact 003Dn00000ZzZzZIAV in the export or the graph"),
        ("3-extract-Opportunity.csv", 4, "Id", "the deal is refused whole: one of its contact roles was refused"),
        ("3-extract-Opportunity.csv", 5, "Id", "the deal is refused whole: one of its contact roles was refused"),
    ]
    assert read.unknown_vocabulary() == [
        f"unknown titles: 'Wizard of Light' (1); add them to [levels] in a copy of {MAPPING.path} and pass it with "
        "--mapping",
        f"unknown roles: 'Astrologer' (1); add them to [roles] in a copy of {MAPPING.path} and pass it with --mapping"]

    customers = _nodes(graph, "Customer")
    assert {key: (c["name"], c.get("industry"), c["crmSource"], c["crmId"]) for key, c in customers.items()} == {
        sf("group"): ("Meridian Group", "Telecommunications", "salesforce", SF["group"]),
        sf("fibre"): ("Meridian Fibre, AG", "Telecommunications", "salesforce", SF["fibre"]),
        sf("huaxin"): ("华信通信有限公司", "Telecommunications", "salesforce", SF["huaxin"])}
    assert _query(graph, "MATCH (a:Customer)-[:SUBSIDIARY_OF]->(b:Customer) RETURN a.id AS a, b.id AS b") == [
        {"a": sf("fibre"), "b": sf("group")}]
    people = _nodes(graph, "Stakeholder")
    assert {key: (p["name"], p.get("title"), p.get("level"), p.get("email"), p["influence"], p.get("stance"))
            for key, p in people.items()} == {
        sf("ada"): ("Ada Lindqvist", "Chief Executive Officer", "c_level", "ada.lindqvist@meridian.example", 3, None),
        sf("henrik"): ("Henrik Larsen", "VP, Network Planning", "vp", "henrik.larsen@meridian-fibre.example", 3,
                       None),
        sf("grace"): ("Grace O'Neill", "Sr. Dir., Procurement", "director", "grace.oneill@meridian-fibre.example", 3,
                      None),
        sf("wang"): ("王伟", "采购总监", "director", "wang.wei@huaxin.example", 3, None),
        sf("li"): ("李娜", "总经理助理", "staff", "li.na@huaxin.example", 3, None),
        sf("merlin"): ("Merlin Ambrose", "Wizard of Light", None, None, 3, None)}
    assert all(p["crmSource"] == "salesforce" and p["id"] == f"sf-{p['crmId']}" for p in people.values())
    works = _query(graph, "MATCH (s:Stakeholder)-[:WORKS_IN]->(c:Customer) RETURN s.id AS s, c.id AS c ORDER BY s")
    assert {row["s"]: row["c"] for row in works} == {
        sf("ada"): sf("group"), sf("henrik"): sf("fibre"), sf("grace"): sf("fibre"), sf("wang"): sf("huaxin"),
        sf("li"): sf("huaxin"), sf("merlin"): sf("group")}
    lines = _query(graph, "MATCH (a)-[:REPORTS_TO]->(b) RETURN a.id AS a, b.id AS b ORDER BY a")
    assert {(row["a"], row["b"]) for row in lines} == {
        (sf("henrik"), sf("ada")), (sf("grace"), sf("henrik")), (sf("li"), sf("wang")), (sf("merlin"), sf("ada"))}

    projects = _nodes(graph, "Project")
    assert {key: (p["name"], p["stage"], p["crmStage"], p["value"], p["closeDate"].to_native(), p["ownerName"])
            for key, p in projects.items()} == {
        sf("swap"): ("5G Core Swap, Phase 2", "bid", "Negotiation/Review", 1_250_000.0, date(2026, 3, 31),
                     "005Dn00000OwNeRIAV"),
        sf("backbone"): ("华信 Backbone Upgrade", "opportunity", "Needs Analysis", 800_000.0, date(2026, 6, 30),
                         "005Dn00000OwNeRIAV")}
    at = _query(graph, "MATCH (p:Project)-[:AT]->(c:Customer) RETURN p.id AS p, c.id AS c")
    assert {(row["p"], row["c"]) for row in at} == {(sf("swap"), sf("fibre")), (sf("backbone"), sf("huaxin"))}
    history = _query(graph, "MATCH (p:Project)-[:MOVED_TO]->(s:StageChange) RETURN p.id AS p, s.stage AS stage")
    assert sorted((row["p"], row["stage"]) for row in history) == sorted(
        [(sf("swap"), "bid"), (sf("backbone"), "opportunity")])
    seats = _query(graph, "MATCH (s:Stakeholder)-[seat:IN_CHAIN]->(c:DecisionChain)<-[:HAS_CHAIN]-(p:Project) "
                          "RETURN p.id AS p, s.id AS s, seat.role AS role, seat.step AS step, seat.crmId AS seat, "
                          "c.id AS chain, c.kind AS kind")
    assert sorted((row["p"], row["s"], row["role"], row["step"], row["seat"][-6:]) for row in seats) == sorted([
        (sf("swap"), sf("henrik"), "decision_maker", 1, "001MAB"),
        (sf("swap"), sf("grace"), "evaluator", None, "002MAB"),
        (sf("swap"), sf("ada"), "approver", None, "003MAB"),
        (sf("backbone"), sf("wang"), "decision_maker", 1, "004MAB"),
        (sf("backbone"), sf("li"), "user", None, "005MAB")])
    assert {row["chain"] for row in seats} == {f"{sf('swap')}-chain", f"{sf('backbone')}-chain"}
    assert not _query(graph, "MATCH (p:Project) WHERE p.name IN ['Ghost Deal', 'Star Chart Deal'] RETURN p"), \
        "a refused deal leaves nothing behind"


def test_the_group_map_rolls_up_subsidiaries_and_shows_reports_to_across_accounts(graph):
    _load(graph, DATALOADER)
    thresholds = map_service.Thresholds.from_settings(get_settings())
    group = map_service.customer_power_map(graph, customer_id=sf("group"), thresholds=thresholds)
    assert {s.id for s in group.stakeholders} == {sf("ada"), sf("merlin"), sf("henrik"), sf("grace")}
    assert {(e.type, e.source, e.target) for e in group.edges if e.type == "REPORTS_TO"} == {
        ("REPORTS_TO", sf("henrik"), sf("ada")), ("REPORTS_TO", sf("grace"), sf("henrik")),
        ("REPORTS_TO", sf("merlin"), sf("ada"))}
    roles = {s.id: sorted(r.role.value for r in s.roles) for s in group.stakeholders}
    assert roles[sf("henrik")] == ["decision_maker"] and roles[sf("ada")] == ["approver"]
    fibre = map_service.customer_power_map(graph, customer_id=sf("fibre"), thresholds=thresholds)
    assert {s.id for s in fibre.stakeholders} == {sf("henrik"), sf("grace")}, "a subsidiary's map is its own"
    deal = map_service.project_power_map(graph, project_id=sf("swap"), thresholds=thresholds)
    assert ("REPORTS_TO", sf("henrik"), sf("ada")) in {(e.type, e.source, e.target) for e in deal.edges}, \
        "the line from the subsidiary's VP to the group's CEO crosses customers"


def test_a_report_export_joins_the_dataloader_records_by_their_15_character_ids(graph):
    _load(graph, DATALOADER)
    read, report = _load(graph, FIXTURES / "salesforce-report")
    assert read.problems == [] and report.errors == []
    assert dict(read.counts) == {"customers": 1, "projects": 1, "contact roles": 2}
    project = _nodes(graph, "Project")[sf("extension")]
    assert (project["stage"], project["crmStage"], project["value"], project["closeDate"].to_native(),
            project["ownerName"]) == ("contract", "Closed Won", 2_400_000.0, date(2026, 11, 15), "Jürgen Müller")
    assert _nodes(graph, "Customer")[sf("fibre")]["name"] == "Meridian Fibre, AG"
    assert len(_nodes(graph, "Customer")) == 3, "the report's account is the Data Loader's, not a new one"
    seats = _query(graph, "MATCH (s)-[seat:IN_CHAIN]->(:DecisionChain)<-[:HAS_CHAIN]-(:Project {id: $p}) "
                          "RETURN s.id AS s, seat.role AS role, seat.step AS step ORDER BY s", p=sf("extension"))
    assert {(row["s"], row["role"], row["step"]) for row in seats} == {
        (sf("henrik"), "decision_maker", 1), (sf("grace"), "evaluator", None)}


def test_a_dynamics_export_resolves_lookups_by_name(graph):
    read, report = _load(graph, FIXTURES / "dynamics")
    assert report.errors == []
    assert [(Path(p.file).name, p.line, p.field, p.problem) for p in read.problems] == [
        ("Active Contacts 11-27-2026 9-20-11 AM.csv", 5, "Manager",
         "no contact Nobody Known in the export or the graph")]
    assert dict(read.counts) == {"customers": 2, "stakeholders": 3, "reports-to lines": 2, "projects": 2,
                                 "contact roles": 3}
    holding, movil = "d365-6f1c2b9e-0a4d-4e3b-9c71-0d5e2a1b3c01", "d365-6f1c2b9e-0a4d-4e3b-9c71-0d5e2a1b3c02"
    assert _query(graph, "MATCH (a:Customer)-[:SUBSIDIARY_OF]->(b:Customer) RETURN a.id AS a, b.id AS b") == [
        {"a": movil, "b": holding}]
    people = {p["name"]: p for p in _nodes(graph, "Stakeholder").values()}
    assert {name: p.get("level") for name, p in people.items()} == {
        "Sofia Reyes": "c_level", "Mateo Silva": "director", "Lucía Gómez": "manager"}
    assert people["Mateo Silva"]["crmSource"] == "dynamics"
    projects = {p["name"]: p for p in _nodes(graph, "Project").values()}
    assert {name: (p["stage"], p["crmStage"], p["value"], p["closeDate"].to_native(), p["ownerName"])
            for name, p in projects.items()} == {
        "Andes 5G RAN": ("bid", "3-Propose", 3_100_000.0, date(2027, 2, 28), "Camila Torres"),
        "Andes Core Refresh": ("contract", "Won", 900_000.0, date(2026, 6, 30), "Camila Torres")}
    seats = _query(graph, "MATCH (s:Stakeholder)-[seat:IN_CHAIN]->(:DecisionChain)<-[:HAS_CHAIN]-(p:Project) "
                          "RETURN p.name AS p, s.name AS s, seat.role AS role")
    assert {(row["p"], row["s"], row["role"]) for row in seats} == {
        ("Andes 5G RAN", "Mateo Silva", "decision_maker"), ("Andes 5G RAN", "Lucía Gómez", "influencer"),
        ("Andes Core Refresh", "Sofia Reyes", "approver")}


def test_reimport_matches_on_the_crm_id_and_an_account_matches_an_existing_customer_by_name(graph):
    graph.driver.execute_query(
        "CREATE (:Customer {id: 'cus-meridian', name: 'MERIDIAN GROUP', tier: 'strategic', "
        "createdAt: datetime(), updatedAt: datetime()})", database_=graph.database)
    _load(graph, DATALOADER)
    customers = _nodes(graph, "Customer")
    assert sf("group") not in customers
    assert (customers["cus-meridian"]["name"], customers["cus-meridian"]["crmId"]) == ("MERIDIAN GROUP", SF["group"])
    assert _query(graph, "MATCH (:Customer {id: $id})-[:SUBSIDIARY_OF]->(b) RETURN b.id AS b", id=sf("fibre")) == [
        {"b": "cus-meridian"}]
    size = _query(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"]
    read, report = _load(graph, DATALOADER)
    assert report.errors == [] and len(read.problems) == 5
    assert _query(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"] == size, "a re-import duplicates nothing"


def test_an_explicit_mapping_entry_matches_an_account_to_a_customer(graph, tmp_path):
    graph.driver.execute_query("CREATE (:Customer {id: 'cus-hx', name: 'Huaxin Telecom', tier: 'key', "
                               "createdAt: datetime(), updatedAt: datetime()})", database_=graph.database)
    extension = tmp_path / "mine.toml"
    extension.write_text(f'[customers]\n"{SF["huaxin"]}" = "cus-hx"\n\n[roles]\n"Astrologer" = "coach"\n',
                         encoding="utf-8")
    mapping = load_mapping(extension)
    assert mapping.roles["decision maker"].value == "decision_maker", "the user's file is laid over the shipped one"
    read, _ = _load(graph, DATALOADER, mapping=mapping)
    assert "cus-hx" in _nodes(graph, "Customer") and sf("huaxin") not in _nodes(graph, "Customer")
    assert _nodes(graph, "Customer")["cus-hx"]["name"] == "Huaxin Telecom"
    assert _query(graph, "MATCH (:Stakeholder {id: $id})-[:WORKS_IN]->(c) RETURN c.id AS c", id=sf("wang")) == [
        {"c": "cus-hx"}]
    assert sf("star") in _nodes(graph, "Project"), "the extended role vocabulary lets the deal in"
    assert "role" not in read.unknown or not read.unknown["role"]


def test_files_and_headers_are_refused_before_anything_is_written(graph, tmp_path):
    contacts = "Id,FirstName,Title,AccountId\r\n1,Ada,CEO,2\r\n"
    with pytest.raises(InvalidValue) as refused:
        read_sources(graph, [SourceFile("Contact.csv", contacts.encode())], mapping=MAPPING)
    assert "Contact.csv: looks like Salesforce Contact (Data Loader) but lacks 'LastName'" in refused.value.problem
    assert "expected headers: Id, LastName, AccountId, FirstName, Title" in refused.value.problem
    with pytest.raises(InvalidValue) as unknown:
        read_sources(graph, [SourceFile("odd.csv", b"Foo,Bar\n1,2\n")], mapping=MAPPING)
    assert "no known export format has these headers (Foo, Bar)" in unknown.value.problem
    assert all(f.name in unknown.value.problem for f in MAPPING.formats)
    with pytest.raises(InvalidValue) as undecodable:
        read_sources(graph, [SourceFile("bad.csv", b"Id,Name\n\x81\x8d,x\n")], mapping=MAPPING)
    assert undecodable.value.problem == "bad.csv: neither UTF-8 nor Windows-1252 text (byte 0x81 at offset 8)"
    with pytest.raises(InvalidValue, match="no such file or folder"):
        source_files([tmp_path / "missing.csv"])
    with pytest.raises(InvalidValue, match="holds no export files"):
        source_files([tmp_path])
    assert _query(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


TITLES = [
    ("Chief Executive Officer", "c_level"), ("CEO", "c_level"), ("President & CEO", "c_level"),
    ("Managing Director", "c_level"), ("VP, Network Planning", "vp"), ("Vice President, Sales", "vp"),
    ("SVP Technology", "vp"), ("EVP, Operations", "vp"), ("GM, Enterprise Business", "vp"),
    ("Director, Office of the CEO", "director"), ("Sr. Dir., Procurement", "director"),
    ("Head of Network Operations", "director"), ("Network Planning Director", "director"),
    ("Mgr, IT Procurement", "manager"), ("Senior Manager - Transport", "manager"), ("Team Lead, RAN", "manager"),
    ("Assistant to the CEO", "staff"), ("Network Engineer", "staff"), ("Procurement Specialist", "staff"),
    ("总裁", "c_level"), ("总经理", "c_level"), ("副总裁", "vp"), ("副总经理", "vp"), ("采购总监", "director"),
    ("网络部总经理", "director"), ("办公室主任", "director"), ("采购部部长", "director"), ("采购部经理", "manager"),
    ("计划处处长", "manager"), ("总经理助理", "staff"), ("网络工程师", "staff"), ("Wizard of Light", None),
]


@pytest.mark.parametrize(("title", "level"), TITLES)
def test_title_levels(title, level):
    assert level_of(title, MAPPING.levels) == level


def test_salesforce_export_round_trip(graph, tmp_path):
    _load(graph, DATALOADER)
    graph.driver.execute_query("MATCH (s:Stakeholder {id: $id}) SET s.stance = 'champion', s.influence = 5",
                               id=sf("henrik"), database_=graph.database)
    written = export_salesforce(graph, tmp_path / "out", mapping=MAPPING)
    assert written == {"OpportunityContactRole.csv": 5, "Contact.csv": 6}
    with (tmp_path / "out" / "OpportunityContactRole.csv").open(encoding="utf-8", newline="") as handle:
        roles = list(csv.DictReader(handle))
    assert {(r["Id"][-6:], r["OpportunityId"], r["ContactId"], r["Role"], r["IsPrimary"]) for r in roles} == {
        ("001MAB", SF["swap"], SF["henrik"], "Decision Maker", "true"),
        ("002MAB", SF["swap"], SF["grace"], "Evaluator", "false"),
        ("003MAB", SF["swap"], SF["ada"], "Economic Buyer", "false"),
        ("004MAB", SF["backbone"], SF["wang"], "Decision Maker", "true"),
        ("005MAB", SF["backbone"], SF["li"], "Business User", "false")}
    with (tmp_path / "out" / "Contact.csv").open(encoding="utf-8", newline="") as handle:
        contacts = {r["Id"]: r for r in csv.DictReader(handle)}
    assert (contacts[SF["henrik"]]["Powermap_Stance__c"], contacts[SF["henrik"]]["Powermap_Influence__c"]) == (
        "champion", "5")
    assert contacts[SF["ada"]]["Powermap_Stance__c"] == ""
    before = _query(graph, "MATCH ()-[seat:IN_CHAIN]->() RETURN seat.role AS role, seat.step AS step ORDER BY role")
    read, report = _load(graph, tmp_path / "out" / "OpportunityContactRole.csv")
    assert read.problems == [] and report.errors == []
    assert _query(graph, "MATCH ()-[seat:IN_CHAIN]->() RETURN seat.role AS role, seat.step AS step "
                         "ORDER BY role") == before, "the exported roles read back as the same seats"
