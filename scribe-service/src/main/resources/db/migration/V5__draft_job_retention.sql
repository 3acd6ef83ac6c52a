-- A draft's purpose may keep its traces for other periods than the defaults: how long the draft may await review
-- (passed on to signoff-service) and how long this job is kept once finished.
ALTER TABLE draft_job ADD COLUMN review_days integer;
ALTER TABLE draft_job ADD COLUMN retention_days integer;
