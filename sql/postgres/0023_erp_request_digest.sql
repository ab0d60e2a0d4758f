-- What a unary batch carried, as a SHA-256 of its method and records, kept with its request id: a retry with the same
-- content replays the first answer, the same id with different content is refused. Rows from before have none and
-- replay as they always did.
ALTER TABLE erp_sync_requests ADD COLUMN digest TEXT NULL;
