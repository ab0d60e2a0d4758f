-- ERP connections: each secret has a generation (1 at creation, +1 per rotation) that the access tokens issued to it
-- carry, so that a token is refused as soon as the secret it was issued to is.
ALTER TABLE erp_clients ADD COLUMN secret_generation BIGINT NOT NULL DEFAULT 1;
