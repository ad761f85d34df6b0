-- An Idempotency-Key is claimed for a lease: a request that died with its process (its claim never completed)
-- frees the key once the lease has passed, so the client's retry runs. claim_id tells the claimant its own claim.
ALTER TABLE idempotent_request ADD COLUMN lease_expires_at TIMESTAMPTZ;
ALTER TABLE idempotent_request ADD COLUMN claim_id UUID;
