// The interactions a person took part in, with their messages (to remove the person from them).
MATCH (i:Interaction)-[:INVOLVES]->(p {id: $id})
WHERE p:Employee OR p:Stakeholder
RETURN i.id AS id, i.messages AS messages
