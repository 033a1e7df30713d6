// Delete every alias address of a person (erasure: an alias is personal data).
OPTIONAL MATCH (alias:EmailAlias)-[:ALIAS_OF]->({id: $id})
DETACH DELETE alias
RETURN count(alias) AS dropped
