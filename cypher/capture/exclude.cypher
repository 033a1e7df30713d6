// Exclude addresses from capture, by their SHA-256 hash: the exclusion itself holds no address.
UNWIND $hashes AS hash
MERGE (x:CaptureExclusion {id: hash})
ON CREATE SET x.createdAt = datetime(), x.updatedAt = datetime()
RETURN count(x) AS excluded
