// Every customer: the company-wide alert watch list, when no team, employee or project narrows it.
MATCH (c:Customer)
RETURN c.id AS id
ORDER BY id
