// Every cookie-authenticated request finds its session by the token's hash.
CREATE INDEX session_hash IF NOT EXISTS FOR (n:Session) ON (n.hash)
