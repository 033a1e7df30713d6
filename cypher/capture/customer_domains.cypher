// The mail domains of each customer's people (from their e-mail addresses), for the given domains:
// an unmatched address at one of them is someone we meet who is not on the map. $searches are
// full-text queries for the domains on the person_email index; its hits are candidates, kept only
// when their domain is one of $domains. A domain's people share few places of work: each place's
// customer is looked up once.
UNWIND $searches AS search
CALL db.index.fulltext.queryNodes('person_email', search) YIELD node AS s
WITH DISTINCT s
WITH s, split(toLower(trim(s.email)), '@')[1] AS domain
WHERE s:Stakeholder AND domain IN $domains
MATCH (s)-[:WORKS_IN]->(place)
WITH DISTINCT domain, place
MATCH (place)-[:PART_OF]->{0,}(customer:Customer)
RETURN domain, collect(DISTINCT customer.id) AS customerIds
