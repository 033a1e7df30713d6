// Scorecards and overdue lists select activities by period.
CREATE INDEX activity_planned_at IF NOT EXISTS FOR (n:Activity) ON (n.plannedAt)
