-- Opting a patient back in (revoking an opt-out) records why, as recording one does.
ALTER TABLE consent_optout ADD COLUMN revoke_reason text;
