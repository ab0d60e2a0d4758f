-- Agenda items name their record (source_entity, source_id) and the web layer links to its page: the data layer no
-- longer stores a URL it built.
ALTER TABLE review_agenda_items DROP COLUMN link;
