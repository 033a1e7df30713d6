// People are looked up by name from the CLI and the web page.
CREATE INDEX stakeholder_name IF NOT EXISTS FOR (n:Stakeholder) ON (n.name)
