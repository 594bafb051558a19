-- Attribution spans of a quote, as the text says them (unit offsets, like unit_start/unit_end): the
-- source mention (a pronoun stays a pronoun; speaker/speaker_entity_id hold what it resolves to) and the
-- cue ("said", "according to"). NULL when the quote has no source or cue, and for quotes stored before.
ALTER TABLE quotes ADD COLUMN source_start INTEGER;
ALTER TABLE quotes ADD COLUMN source_end INTEGER;
ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
