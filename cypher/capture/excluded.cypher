// Which of the given address hashes are excluded from capture (exclusions keep only the hash).
MATCH (x:CaptureExclusion) WHERE x.id IN $hashes
RETURN collect(x.id) AS hashes
