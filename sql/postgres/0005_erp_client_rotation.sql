-- ERP connections: rotating a secret keeps the previous hash valid until a grace period ends; then it is refused.
ALTER TABLE erp_clients ADD COLUMN previous_secret_hash TEXT NULL;
ALTER TABLE erp_clients ADD COLUMN previous_secret_expires_at TIMESTAMPTZ NULL;
ALTER TABLE erp_clients ADD COLUMN secret_rotated_at TIMESTAMPTZ NULL;
