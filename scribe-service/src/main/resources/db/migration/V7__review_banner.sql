-- The review screen's banner: the patient's birth date and MRN and the encounter's date as vault tokens, and the
-- encounter's type as the pseudonymized context shows it.
ALTER TABLE draft_job ADD COLUMN birth_date_token text;
ALTER TABLE draft_job ADD COLUMN mrn_token text;
ALTER TABLE draft_job ADD COLUMN encounter_date_token text;
ALTER TABLE draft_job ADD COLUMN encounter_type text;
