// Everything network power reads about one customer (DOMAIN.md, "Network power"), in one statement:
// its people (everyone working there, at any depth, who has not left by $today: a person who left is
// none of its people from leftAt on), the ties they start (INFLUENCES with its strength, REPORTS_TO in
// force on $today: since <= today < until, either end open, and CONFLICTS_WITH) and which competitors
// they lean to. The people are collected once and the ties and alignments expanded from them, so no
// id list is searched per tie; a tie to someone outside the customer is dropped by the caller
// (graph/repositories/network_power.py), where that check is a set lookup.
MATCH (customer:Customer {id: $customerId})
CALL (customer) {
  OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(customer)
  WHERE s.leftAt IS NULL OR date(s.leftAt) > $today
  WITH DISTINCT s ORDER BY s.id
  RETURN collect(s) AS members
}
RETURN customer {.id, .name} AS customer,
       [s IN members | s {.id, .name, .title, .level, .influence, .stance}] AS people,
       COLLECT {
         UNWIND members AS a
         MATCH (a)-[r:INFLUENCES|REPORTS_TO|CONFLICTS_WITH]->(b:Stakeholder)
         WHERE type(r) <> 'REPORTS_TO'
            OR ((r.since IS NULL OR date(r.since) <= $today) AND (r.until IS NULL OR $today < date(r.until)))
         RETURN {type: type(r), source: a.id, target: b.id, strength: r.strength}
         ORDER BY type(r), a.id, b.id
       } AS ties,
       COLLECT {
         UNWIND members AS s
         MATCH (s)-[aligned:ALIGNED_WITH]->(competitor:Competitor)
         RETURN {stakeholderId: s.id, competitorId: competitor.id, name: competitor.name,
                 strength: aligned.strength}
         ORDER BY s.id, competitor.id
       } AS alignments
