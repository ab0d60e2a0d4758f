-- People name records by a number of their own partnership (NOR-DR-12, NOR-Q-4, NOR-L-3), not by the global id,
-- which would hint at other customers' volume. The prefix is the partnership's short code: the first three letters of
-- the customer's name (a partnership's own name usually starts with the supplier's).
ALTER TABLE partnerships ADD COLUMN code TEXT NOT NULL DEFAULT '';
UPDATE partnerships SET code = (SELECT upper(substr(trim(o.name), 1, 3)) FROM organisations o WHERE o.id = partnerships.customer_org_id);

-- The last number given per partnership and kind ('DR', 'Q', 'L'). A new record takes the next one by updating this
-- row in its insert transaction, so two nodes inserting at once wait on the row instead of both reading one maximum.
CREATE TABLE record_counters (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    kind            TEXT NOT NULL,
    last_number     INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, kind)
);

-- Existing records are numbered in id order per partnership, the order they were raised in. The stores number every
-- record they insert; the column stays nullable for rows written around them (bulk loads), which show their id.
ALTER TABLE design_requests ADD COLUMN number INTEGER NULL;
UPDATE design_requests SET number = n.rn
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY partnership_id ORDER BY id) AS rn FROM design_requests) n
WHERE n.id = design_requests.id;
CREATE UNIQUE INDEX ux_design_requests_number ON design_requests (partnership_id, number);
INSERT INTO record_counters (partnership_id, kind, last_number) SELECT partnership_id, 'DR', MAX(number) FROM design_requests GROUP BY partnership_id;

ALTER TABLE quality_issues ADD COLUMN number INTEGER NULL;
UPDATE quality_issues SET number = n.rn
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY partnership_id ORDER BY id) AS rn FROM quality_issues) n
WHERE n.id = quality_issues.id;
CREATE UNIQUE INDEX ux_quality_issues_number ON quality_issues (partnership_id, number);
INSERT INTO record_counters (partnership_id, kind, last_number) SELECT partnership_id, 'Q', MAX(number) FROM quality_issues GROUP BY partnership_id;

ALTER TABLE equipment_loans ADD COLUMN number INTEGER NULL;
UPDATE equipment_loans SET number = n.rn
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY partnership_id ORDER BY id) AS rn FROM equipment_loans) n
WHERE n.id = equipment_loans.id;
CREATE UNIQUE INDEX ux_equipment_loans_number ON equipment_loans (partnership_id, number);
INSERT INTO record_counters (partnership_id, kind, last_number) SELECT partnership_id, 'L', MAX(number) FROM equipment_loans GROUP BY partnership_id;
