// Computed tie strengths and alerts read interactions by time.
CREATE INDEX interaction_at IF NOT EXISTS FOR (n:Interaction) ON (n.at)
