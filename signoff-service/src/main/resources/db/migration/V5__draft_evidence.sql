-- What the draft's sentences rest on and what the encounter holds (contracts DraftEvidence, JSON, tokens only),
-- the clinician's answer to each omission (JSON list of NoteSigned.OmissionDecision), and when the evidence was
-- first shown to the assigned clinician (the signature's review records it).
ALTER TABLE queue_item ADD COLUMN evidence text;
ALTER TABLE queue_item ADD COLUMN omission_decisions text;
ALTER TABLE queue_item ADD COLUMN evidence_shown_at timestamptz;
