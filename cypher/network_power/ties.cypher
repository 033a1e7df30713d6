// The ties network power reads among the given people: INFLUENCES (with its strength), REPORTS_TO
// in force on $today (since <= today < until, either end open) and CONFLICTS_WITH.
UNWIND $ids AS stakeholderId
MATCH (a:Stakeholder {id: stakeholderId})-[r:INFLUENCES|REPORTS_TO|CONFLICTS_WITH]->(b:Stakeholder)
WHERE b.id IN $ids
  AND (type(r) <> 'REPORTS_TO'
       OR ((r.since IS NULL OR date(r.since) <= $today) AND (r.until IS NULL OR $today < date(r.until))))
RETURN type(r) AS type, a.id AS source, b.id AS target, r.strength AS strength
ORDER BY type, source, target
