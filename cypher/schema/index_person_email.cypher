// Capture looks people up by e-mail address (case and surrounding spaces aside) and customers by mail
// domain. A full-text index on both labels' e-mail finds the candidates without reading every person:
// its standard tokens are lower-cased and split at the '@', so an address or a domain is a phrase of
// them (graph/repositories/capture.py, email_searches). The lookups then compare the candidates exactly.
CREATE FULLTEXT INDEX person_email IF NOT EXISTS FOR (n:Employee|Stakeholder) ON EACH [n.email]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}
