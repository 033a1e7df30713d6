MATCH (n:__LABEL__)
WHERE all(key IN keys($filters) WHERE n[key] = $filters[key])
RETURN count(n) AS total
