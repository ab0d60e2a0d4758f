-- The day of each order line's last receipt, so that a new delivery moves the line's balance on from its stored figures
-- (delivered_quantity, fulfilled_on) when it comes after that day, instead of reading every earlier receipt of the line
-- again: a line received against hundreds of times made each new receipt cost hundreds of reads.
ALTER TABLE purchase_order_lines ADD COLUMN last_delivered_on TEXT NULL;
UPDATE purchase_order_lines SET last_delivered_on = (
    SELECT MAX(d.delivered_on) FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id WHERE dl.po_line_id = purchase_order_lines.id)
WHERE delivered_quantity > 0;
