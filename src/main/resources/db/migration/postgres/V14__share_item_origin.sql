-- Where each shared item was when it was last shared (issue 11, D14). A share whose items were all
-- deleted still belongs to the keys whose scope held them; without this, any key could see it.
-- Shares made before this have no origin: a deleted item of theirs is outside every restricted scope.
ALTER TABLE share_items ADD COLUMN origin TEXT;
