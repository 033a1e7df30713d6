// A re-import of a CRM export finds its customers by the CRM's id.
CREATE INDEX customer_crm_id IF NOT EXISTS FOR (n:Customer) ON (n.crmSource, n.crmId)
