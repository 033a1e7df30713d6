// Every authenticated request looks its key up by hash.
CREATE INDEX api_key_hash IF NOT EXISTS FOR (n:ApiKey) ON (n.hash)
