// A re-import of a CRM export finds its stakeholders by the CRM's id.
CREATE INDEX stakeholder_crm_id IF NOT EXISTS FOR (n:Stakeholder) ON (n.crmSource, n.crmId)
