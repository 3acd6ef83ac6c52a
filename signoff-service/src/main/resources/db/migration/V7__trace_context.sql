-- The trace a queued draft belongs to (W3C traceparent of its drafts.ready record), and the trace each outbox record
-- continues when it is relayed: a note's filing joins the trace of its draft, however much later it is signed.
ALTER TABLE queue_item ADD COLUMN trace_parent text;
ALTER TABLE outbox ADD COLUMN trace_parent text;
