// The change markers a customer's network power depends on: its own and the one of every customer.
OPTIONAL MATCH (own:NetworkMark {key: $customerId})
OPTIONAL MATCH (every:NetworkMark {key: '*'})
RETURN own.token AS own, every.token AS every
