// The ids that make up one customer's part of the graph: the customer, its org units and people,
// its projects with their chains, activities, contracts and stage history, its opportunities,
// insights, plans and the assessments of its people, the teams covering it with their members,
// and the competitors its people and projects deal with.
MATCH (c:Customer {id: $customerId})
OPTIONAL MATCH (c)<-[:PART_OF*1..]-(unit:OrgUnit)
OPTIONAL MATCH (c)<-[:PART_OF*0..]-()<-[:WORKS_IN]-(person:Stakeholder)
WITH c, collect(DISTINCT unit) AS units, collect(DISTINCT person) AS people
OPTIONAL MATCH (c)<-[:AT|FOR|ABOUT]-(owned)
WITH c, units, people, collect(DISTINCT owned) AS owned
UNWIND (CASE WHEN owned = [] THEN [null] ELSE owned END) AS item
OPTIONAL MATCH (item)-[:HAS_CHAIN|RESULTED_IN|MOVED_TO]->(part)
OPTIONAL MATCH (item)<-[:FOR_PROJECT]-(activity:Activity)
WITH c, units, people, owned, collect(DISTINCT part) + collect(DISTINCT activity) AS parts
UNWIND (CASE WHEN people = [] THEN [null] ELSE people END) AS someone
OPTIONAL MATCH (someone)<-[:OF]-(assessment:Assessment)
OPTIONAL MATCH (someone)-[:ALIGNED_WITH]->(competitor:Competitor)
OPTIONAL MATCH (someone)<-[:WITH]-(met:Activity)
WITH c, units, people, owned, parts, collect(DISTINCT assessment) + collect(DISTINCT competitor)
     + collect(DISTINCT met) AS around
OPTIONAL MATCH (c)<-[:COVERS]-(team:Team)
OPTIONAL MATCH (team)<-[:MEMBER_OF]-(member:Employee)
OPTIONAL MATCH (c)-[:BUYS_FROM]->(vendor:Competitor)
WITH c, units, people, owned, parts, around, collect(DISTINCT team) AS teams,
     collect(DISTINCT member) AS members, collect(DISTINCT vendor) AS vendors
WITH [c] + units + people + owned + parts + around + teams + members + vendors AS everything
RETURN [x IN everything WHERE x IS NOT NULL | x.id] AS ids
