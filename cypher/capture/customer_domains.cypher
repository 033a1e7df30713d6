// The mail domains of each customer's people (from their e-mail addresses), for the given domains:
// an unmatched address at one of them is someone we meet who is not on the map.
MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF]->{0,}(customer:Customer)
WHERE s.email IS NOT NULL AND split(toLower(trim(s.email)), '@')[1] IN $domains
RETURN split(toLower(trim(s.email)), '@')[1] AS domain, collect(DISTINCT customer.id) AS customerIds
