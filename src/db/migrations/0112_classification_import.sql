-- A classification brought from earlier records (a spreadsheet, another
-- tool) is stored as signed with the signer's name as the records give it,
-- never as a person of Tillit: imported_signer holds that name, and is
-- NULL for every classification made and signed in Tillit.
ALTER TABLE classifications ADD COLUMN imported_signer TEXT;
