// asOf power maps and stance-change reports pick assessments by time.
CREATE INDEX assessment_at IF NOT EXISTS FOR (n:Assessment) ON (n.at)
