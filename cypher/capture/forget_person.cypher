// Remove a person from interactions: their INVOLVES edge and (given) the messages without them;
// then delete the interactions left without one of our employees or without one stakeholder.
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
SET i.messages = row.messages, i.updatedAt = datetime()
WITH i
OPTIONAL MATCH (i)-[involved:INVOLVES]->(p {id: $id})
DELETE involved
WITH DISTINCT i
WITH i, NOT EXISTS { (i)-[:INVOLVES]->(:Employee) } OR NOT EXISTS { (i)-[:INVOLVES]->(:Stakeholder) } AS empty
CALL (i, empty) {
  WITH i WHERE empty
  DETACH DELETE i
}
RETURN count(*) AS left, sum(CASE WHEN empty THEN 1 ELSE 0 END) AS deleted
