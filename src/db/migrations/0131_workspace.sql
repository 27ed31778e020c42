-- The start page's "Att göra": the assets a person is system administrator
-- of are found as those they own are (assets_owner), so a person's own
-- assets are one look-up in either index.
CREATE INDEX assets_administrator ON assets(administrator_id);
