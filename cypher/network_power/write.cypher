// Write network power and camp back on the customer's people, for Neo4j Browser. Derived values:
// `networkPowerAt` says when they were computed; `updatedAt` stays the time a person last changed.
UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.id})
SET s.networkPower = row.networkPower, s.camp = row.camp, s.networkPowerAt = datetime()
RETURN count(s) AS written
