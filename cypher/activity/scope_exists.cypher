// Whether a scope exists (a project, team, employee or customer id).
OPTIONAL MATCH (p:Project {id: $scopeId}) WHERE $scopeKind = 'project'
OPTIONAL MATCH (t:Team {id: $scopeId}) WHERE $scopeKind = 'team'
OPTIONAL MATCH (e:Employee {id: $scopeId}) WHERE $scopeKind = 'employee'
OPTIONAL MATCH (c:Customer {id: $scopeId}) WHERE $scopeKind = 'customer'
RETURN coalesce(p, t, e, c) IS NOT NULL AS found
