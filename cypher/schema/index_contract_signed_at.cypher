// Order intake per period.
CREATE INDEX contract_signed_at IF NOT EXISTS FOR (n:Contract) ON (n.signedAt)
