// A new token on the change markers of the given keys (customer ids, or '*' for every customer): the
// network power cache holds an analysis only while the markers it was computed under are unchanged.
// Keys in order, so two writes marking the same customers take their locks in the same order.
UNWIND $keys AS key
WITH key ORDER BY key
MERGE (mark:NetworkMark {key: key})
SET mark.token = randomUUID()
RETURN count(mark) AS marked
