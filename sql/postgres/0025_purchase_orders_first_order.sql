-- The scorecard job asks every partnership for its first order day each night (where its catch-up starts): with this
-- index that is one step down the index instead of a read of every order the partnership ever placed.
CREATE INDEX ix_purchase_orders_ordered ON purchase_orders (partnership_id, ordered_on);
