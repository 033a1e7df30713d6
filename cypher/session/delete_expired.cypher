// Sessions past their expiry, or whose key was revoked, are of no use: drop them.
MATCH (s:Session)
WHERE s.expiresAt <= datetime() OR NOT EXISTS { MATCH (k:ApiKey {id: s.keyId}) WHERE k.revokedAt IS NULL }
DELETE s
RETURN count(s) AS deleted
