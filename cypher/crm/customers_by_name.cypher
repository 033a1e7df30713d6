// Customers whose name equals one of $names (already case-folded), to match a CRM account to them.
MATCH (c:Customer)
WHERE toLower(c.name) IN $names
RETURN toLower(c.name) AS key, c.id AS id, c.name AS name, c.crmId AS crmId
