// An activity with the people the workflow rules look at: owner, assigner, who it was with.
MATCH (a:Activity {id: $activityId})
OPTIONAL MATCH (a)-[:OWNED_BY]->(owner:Employee)
OPTIONAL MATCH (a)-[:ASSIGNED_BY]->(assigner:Employee)
OPTIONAL MATCH (a)-[:WITH]->(s:Stakeholder)
RETURN a {.id, .status, .plannedAt, .doneAt, .rating} AS activity, owner.id AS ownerId,
       assigner.id AS assignerId, collect(s.id) AS stakeholderIds
