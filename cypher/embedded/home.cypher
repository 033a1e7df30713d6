// The folder the answering server was started from: the proof that it is this instance's Neo4j.
SHOW SETTINGS YIELD name, value
WHERE name = 'server.directories.neo4j_home'
RETURN value AS home
