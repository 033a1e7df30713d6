// Sign out: the session with this token hash is gone (nothing happens when there is none).
OPTIONAL MATCH (s:Session {hash: $hash})
DELETE s
RETURN count(s) AS closed
