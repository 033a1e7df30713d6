// A browser session opened with a live key: only the SHA-256 of its token is stored, bound to the
// key's id, with a fixed expiry (sessions do not slide).
MATCH (k:ApiKey {id: $keyId})
WHERE k.revokedAt IS NULL
CREATE (s:Session {id: $id, hash: $hash, keyId: k.id, createdAt: datetime(), updatedAt: datetime(),
                   expiresAt: datetime() + duration({seconds: $seconds})})
RETURN s {.id, .keyId, .expiresAt} AS session
