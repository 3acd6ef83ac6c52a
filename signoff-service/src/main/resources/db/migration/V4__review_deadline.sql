-- A draft whose purpose sets its own review period expires at this instant instead of after the queue's default
-- (signet.signoff.retention.pending-max-age).
ALTER TABLE queue_item ADD COLUMN review_deadline timestamptz;
