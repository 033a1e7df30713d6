"""Capture's address lookup at scale: who the captured addresses belong to, and which customers their
domains belong to (`graph.repositories.capture.known`), on a graph of many people.

    .venv/bin/python -m bench.capture_lookup [--people 1000000] [--customers 1000] [--addresses 20] [--runs 20]

It runs its own embedded Neo4j (data in var/capture-lookup-neo4j, ports 30687/30474, or the base in
POWERMAP_SCRIPT_PORT_BASE; wiped first) and writes `--people` stakeholders straight in with Cypher,
each with a mixed-case e-mail address at their customer's domain, plus one org unit per customer. A
capture of one meeting then looks up `--addresses` addresses (half known people, half strangers at
known domains). Measured in the same run, with the same parameters:

- the lookup as shipped: candidates from the `person_email` full-text index, compared exactly;
- the baseline: the same two questions answered by reading every person's address (how capture
  looked people up before the index), as a statement of this script's own.

Both must give the same people and domains; the run checks that on every call.
"""

import argparse
import random
import statistics
import time
from dataclasses import dataclass, field

from bench.server import private_graph, script_settings, wipe
from powermap.graph.driver import Graph, rows
from powermap.graph.repositories import capture

# The baseline: every Employee and Stakeholder read and its address compared.
SCAN_PEOPLE = """
CALL () {
  MATCH (p:Employee) WHERE toLower(trim(p.email)) IN $addresses RETURN p
  UNION
  MATCH (p:Stakeholder) WHERE toLower(trim(p.email)) IN $addresses RETURN p
}
RETURN p.id AS id ORDER BY id"""
SCAN_DOMAINS = """
MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF]->{0,}(customer:Customer)
WHERE s.email IS NOT NULL AND split(toLower(trim(s.email)), '@')[1] IN $domains
RETURN split(toLower(trim(s.email)), '@')[1] AS domain, collect(DISTINCT customer.id) AS customerIds"""
BATCH = 50_000


@dataclass
class Figures:
    people: int
    addresses: int
    indexed_ms: list[float] = field(default_factory=list)
    scanned_ms: list[float] = field(default_factory=list)

    @staticmethod
    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def load_people(graph: Graph, *, people: int, customers: int) -> None:
    """`people` stakeholders, spread over `customers` customers with one org unit each."""
    with graph.driver.session(database=graph.database) as session:
        session.run("UNWIND range(0, $customers - 1) AS c "
                    "CREATE (:Customer {id: 'cus-' + c, name: 'Customer ' + c})<-[:PART_OF]-"
                    "(:OrgUnit {id: 'org-' + c, name: 'Unit ' + c})", customers=customers).consume()
        for start in range(0, people, BATCH):
            session.run("UNWIND range($start, $end - 1) AS i "
                        "MATCH (unit:OrgUnit {id: 'org-' + (i % $customers)}) "
                        "CREATE (:Stakeholder {id: 'stk-' + i, name: 'Person ' + i, "
                        "email: 'First.Last' + i + '@Customer' + (i % $customers) + '.example'})-[:WORKS_IN]->(unit)",
                        start=start, end=min(start + BATCH, people), customers=customers).consume()
    graph.driver.execute_query("CALL db.awaitIndexes(600)", database_=graph.database)


def a_meeting(rng: random.Random, *, people: int, customers: int, addresses: int) -> list[str]:
    """Half known people's addresses (as a mail client writes them: lower-cased), half strangers."""
    known = [f"first.last{i}@customer{i % customers}.example" for i in rng.sample(range(people), addresses // 2)]
    strangers = [f"someone{rng.randrange(10**9)}@customer{rng.randrange(customers)}.example"
                 for _ in range(addresses - len(known))]
    return sorted(known + strangers)


def measure(graph: Graph, *, people: int, customers: int, addresses: int, runs: int, seed: int = 1) -> Figures:
    """Load the people, then time both lookups on `runs` meetings; refuse if they ever disagree."""
    wipe(graph)
    load_people(graph, people=people, customers=customers)
    rng = random.Random(seed)
    figures = Figures(people=people, addresses=addresses)
    for _ in range(runs):
        wanted = a_meeting(rng, people=people, customers=customers, addresses=addresses)
        domains = sorted({address.split("@")[1] for address in wanted})
        started = time.perf_counter()
        known = capture.known(graph, addresses=wanted, domains=domains)
        figures.indexed_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        scanned = graph.read(lambda tx, wanted=wanted, domains=domains: (
            rows(tx, SCAN_PEOPLE, addresses=wanted), rows(tx, SCAN_DOMAINS, domains=domains)))
        figures.scanned_ms.append((time.perf_counter() - started) * 1000)
        people_found = sorted({person.id for person in known.people})
        domains_found = {row["domain"]: sorted(row["customerIds"]) for row in scanned[1]}
        if people_found != [row["id"] for row in scanned[0]] or known.customer_domains != domains_found:
            raise AssertionError(f"the index and the scan disagree on {wanted}")
    return figures


def table(figures: Figures) -> str:
    """The result as a markdown table: p50/p95 of both lookups, and the scan's time over the index's."""
    def cells(values: list[float]) -> str:
        return f"{Figures.p(values, 50):,.1f} / {Figures.p(values, 95):,.1f}"
    ratio = Figures.p(figures.scanned_ms, 50) / Figures.p(figures.indexed_ms, 50)
    return "\n".join([
        "| capture lookup measure | figure |",
        "| --- | --- |",
        f"| people (stakeholders with an e-mail address) | {figures.people:,} |",
        f"| addresses looked up per capture (half known, half strangers) | {figures.addresses} |",
        f"| lookup through the person_email index, p50 / p95 ms ({len(figures.indexed_ms)} runs) | "
        f"{cells(figures.indexed_ms)} |",
        f"| baseline: every person's address read, p50 / p95 ms | {cells(figures.scanned_ms)} |",
        f"| baseline p50 / index p50 | {ratio:,.0f}x |",
    ]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Capture's address lookup at scale: writes a markdown table.")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=1_000)
    parser.add_argument("--addresses", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with private_graph(script_settings("capture-lookup", 30, embedded_page_cache="2g",
                                       embedded_tx_memory="2g")) as graph:
        figures = measure(graph, people=args.people, customers=args.customers, addresses=args.addresses,
                          runs=args.runs)
    print(table(figures))


if __name__ == "__main__":
    main()
