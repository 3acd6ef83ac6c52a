-- What each sentence of a draft rests on and what the encounter holds (contracts DraftEvidence, JSON): tokens only,
-- like draft_text, and kept and purged with it.
ALTER TABLE draft_job ADD COLUMN evidence text;
