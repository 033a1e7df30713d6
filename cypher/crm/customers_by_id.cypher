// The customers a mapping file's [customers] table names.
UNWIND $ids AS customerId
MATCH (c:Customer {id: customerId})
RETURN c.id AS id, c.name AS name, c.crmId AS crmId
