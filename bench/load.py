"""Load: N concurrent clients doing mixed reads and writes against the demo graph for a fixed time.

    .venv/bin/python -m bench.load [--clients 32] [--seconds 60]

Starts its own embedded Neo4j (var/load-neo4j, ports 24687/24474) with the demo graph and the API
on 127.0.0.1:24000; every request goes to loopback, and every client stops at the deadline.
Prints the request count, errors, throughput and p50/p99 latency. About one request in five writes
(a stakeholder's title, the strength of a KNOWS tie, a planned activity).
"""

import argparse
import random
import threading
import time
from dataclasses import dataclass, field

import httpx

from bench.server import demo_api, script_settings

READS = ["/api/v1/projects/prj-5g-core/power-map", "/api/v1/customers/cus-meridian-mobile/power-map",
         "/api/v1/influence-paths?target=stk-zhou-min", "/api/v1/influence-paths?target=stk-anna-kowalski",
         "/api/v1/opportunities/opp-5g-core/lineage", "/api/v1/projects/prj-5g-core/bid-review",
         "/api/v1/customers/cus-meridian-mobile/sandbox", "/api/v1/stakeholders?limit=50"]
PEOPLE = ["stk-zhou-min", "stk-lena-fischer", "stk-chen-hui", "stk-omar-haddad", "stk-rafael-costa"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _one_request(client: httpx.Client, rng: random.Random) -> httpx.Response:
    if rng.random() >= 0.2:
        return client.get(rng.choice(READS))
    person = rng.choice(PEOPLE)
    kind = rng.randrange(3)
    if kind == 0:
        return client.patch(f"/api/v1/stakeholders/{person}", json={"title": f"Title {rng.randrange(100)}"})
    if kind == 1:
        return client.patch("/api/v1/relationships/KNOWS", json={
            "from": "emp-sara-okafor", "to": "stk-lena-fischer", "properties": {"strength": rng.choice([0.8, 0.9])}})
    return client.post("/api/v1/projects/prj-5g-core/activities", headers={"X-Powermap-Actor": "emp-wang-lei"},
                       json={"type": "visit", "stakeholderIds": [person], "ownerId": "emp-wang-lei",
                             "dueAt": "2027-01-15T09:00:00Z"})


def run(api: str, key: str, clients: int, seconds: float) -> dict[str, float]:
    """Drive the API with `clients` threads until the deadline; return the figures."""
    tally = Tally()
    deadline = time.monotonic() + seconds

    def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=api, timeout=30, headers={"Authorization": f"Bearer {key}"}) as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = _one_request(client, rng)
                elapsed = (time.perf_counter() - started) * 1000
                with tally.lock:
                    tally.latencies.append(elapsed)
                    if response.status_code >= 400:
                        tally.errors.append(f"{response.status_code} {response.request.url.path}")

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    ordered = sorted(tally.latencies)
    return {"requests": len(ordered), "errors": len(tally.errors), "throughput": len(ordered) / wall,
            "p50": ordered[len(ordered) // 2] if ordered else 0.0,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0,
            "firstErrors": tally.errors[:5]}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser(description="Mixed read/write load against the demo graph (loopback only).")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    settings = script_settings("load", 24)
    with demo_api(settings) as api:
        figures = run(api, settings.admin_key, args.clients, args.seconds)
    print(f"{args.clients} clients for {args.seconds:g} s: {figures['requests']:,} requests, {figures['errors']} "
          f"errors, {figures['throughput']:.0f} requests/s, p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms")
    if figures["errors"]:
        print("first errors:", figures["firstErrors"])


if __name__ == "__main__":
    main()
