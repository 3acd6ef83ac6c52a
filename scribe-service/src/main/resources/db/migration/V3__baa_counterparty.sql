-- The BAA's other party (the vendor that signed it), recorded with its reference and dates.
ALTER TABLE model_provider ADD COLUMN baa_counterparty text;
