// A browser session opened with an enabled account's password: only the SHA-256 of its token is
// stored, bound to the account's id, with a fixed expiry (sessions do not slide).
MATCH (a:Account {id: $accountId})
WHERE a.disabledAt IS NULL
CREATE (s:Session {id: $id, hash: $hash, accountId: a.id, createdAt: datetime(), updatedAt: datetime(),
                   expiresAt: datetime() + duration({seconds: $seconds})})
RETURN s {.id, .accountId, .expiresAt} AS session
