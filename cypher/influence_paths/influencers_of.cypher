// One level of the backward search: who INFLUENCES the given people, with the strength and the
// influencer's stance (the search refuses skeptic or opponent intermediates when asked to).
UNWIND $ids AS stakeholderId
MATCH (source:Stakeholder)-[r:INFLUENCES]->(:Stakeholder {id: stakeholderId})
RETURN source.id AS source, stakeholderId AS target, r.strength AS strength,
       source.name AS name, source.title AS title, source.stance AS stance
