// A re-import of a CRM export finds its projects by the CRM's id.
CREATE INDEX project_crm_id IF NOT EXISTS FOR (n:Project) ON (n.crmSource, n.crmId)
