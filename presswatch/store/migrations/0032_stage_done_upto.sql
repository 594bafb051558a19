-- Per archive stage, an id up to which every stored unit is done (issue 13): the runner's pending-unit
-- queries (presswatch/runner/archive.py) start after it instead of reading every unit the stage has
-- handled, once per stage per run (O(archive) per run before). The runner raises it after marking a
-- batch done; removing a done mark (a re-run's reset, a unit deleted: its marks go by cascade) lowers
-- it below that unit, so a unit at or below it is always done.
CREATE TABLE IF NOT EXISTS stage_done_upto (
    stage       TEXT PRIMARY KEY,
    unit_id     INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS stage_done_upto_undone AFTER DELETE ON stage_done BEGIN
    UPDATE stage_done_upto SET unit_id = old.unit_id - 1 WHERE stage = old.stage AND unit_id >= old.unit_id;
END;
