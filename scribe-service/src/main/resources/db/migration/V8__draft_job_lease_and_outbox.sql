-- A running job holds a lease its instance renews; a job whose lease ran out was interrupted (its instance
-- stopped) and is ended with that reason, since its raw transcript lived only in that instance's memory.
ALTER TABLE draft_job ADD COLUMN lease_until timestamptz;
-- A ready draft is published on drafts.ready at least once: until Kafka acknowledged it, this stays null and the
-- relay sends it again.
ALTER TABLE draft_job ADD COLUMN ready_published_at timestamptz;
-- Jobs ready before this migration were published by the pipeline that made them.
UPDATE draft_job SET ready_published_at = updated_at WHERE state = 'READY';
CREATE INDEX draft_job_unpublished ON draft_job (updated_at) WHERE state = 'READY' AND ready_published_at IS NULL;
CREATE INDEX draft_job_running ON draft_job (lease_until)
    WHERE state NOT IN ('READY', 'REFUSED_CONSENT', 'REFUSED_PROVIDER', 'REFUSED_GUARD', 'FAILED_OUTPUT_CHECK',
                        'FAILED_MODEL', 'FAILED');
