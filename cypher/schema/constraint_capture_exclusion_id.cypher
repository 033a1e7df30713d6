CREATE CONSTRAINT capture_exclusion_id IF NOT EXISTS
FOR (n:CaptureExclusion) REQUIRE n.id IS UNIQUE
