-- The review screen's banner (contracts DraftReady.PatientBanner): birth date, MRN and encounter date as vault
-- tokens, re-identified for the assigned clinician in flight; the encounter's type as the context shows it.
ALTER TABLE queue_item ADD COLUMN birth_date text;
ALTER TABLE queue_item ADD COLUMN mrn text;
ALTER TABLE queue_item ADD COLUMN encounter_date text;
ALTER TABLE queue_item ADD COLUMN encounter_type text;
