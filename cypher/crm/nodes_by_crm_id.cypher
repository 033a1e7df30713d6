// Nodes an earlier CRM import created or matched, by the CRM's ids: a re-import updates them.
// One branch per label, so each uses its (crmSource, crmId) index.
UNWIND $ids AS crmId
CALL (crmId) {
  MATCH (n:Customer {crmSource: $source, crmId: crmId}) RETURN n, 'account' AS kind
  UNION
  MATCH (n:Stakeholder {crmSource: $source, crmId: crmId}) RETURN n, 'contact' AS kind
  UNION
  MATCH (n:Project {crmSource: $source, crmId: crmId}) RETURN n, 'opportunity' AS kind
}
RETURN n.id AS id, n.name AS name, n.crmSource AS crmSource, n.crmId AS crmId, kind
