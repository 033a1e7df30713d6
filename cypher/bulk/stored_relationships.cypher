// The stored values of the relationships a bulk load names, by their ends (the first one when
// several join the same ends, as the bulk merge updates), for the same judgements as stored_nodes.
UNWIND $pairs AS pair
MATCH (source:__SOURCE__ {id: pair.from})-[r:__TYPE__]->(target:__TARGET__ {id: pair.to})
WITH pair, collect(properties(r))[0] AS props
RETURN collect({from: pair.from, to: pair.to, props: props}) AS rows
