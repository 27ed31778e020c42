-- Who a classification was drafted for, and on which roles it was signed.
-- drafted_owner_id: the asset's owner when the draft was made; a draft whose
-- asset has changed owner since cannot be signed (the new owner saves it
-- again first). signed_roles: the signer's roles over the asset's unit when
-- signing, comma-separated ("owner", "coordinator,owner"), so a signature
-- made on a role other than owner shows as such.
ALTER TABLE classifications ADD COLUMN drafted_owner_id BIGINT;
ALTER TABLE classifications ADD COLUMN signed_roles TEXT;
UPDATE classifications SET drafted_owner_id = (SELECT a.owner_id FROM assets a WHERE a.id = classifications.asset_id)
 WHERE status = 'draft';
