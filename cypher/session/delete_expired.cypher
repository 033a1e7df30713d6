// Sessions past their expiry, or whose key was revoked or account disabled, are of no use: drop them.
MATCH (s:Session)
WHERE s.expiresAt <= datetime()
   OR (s.keyId IS NOT NULL AND NOT EXISTS { MATCH (k:ApiKey {id: s.keyId}) WHERE k.revokedAt IS NULL })
   OR (s.accountId IS NOT NULL AND NOT EXISTS { MATCH (a:Account {id: s.accountId}) WHERE a.disabledAt IS NULL })
DELETE s
RETURN count(s) AS deleted
