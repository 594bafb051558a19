"""Reading an entity for the faces by id: the merged-into walk is one implementation for its key and
its name (``browse.entity_key``, ``browse.entity_name``)."""

from __future__ import annotations

import pytest

from presswatch import browse
from presswatch.browse.units import NotFound
from presswatch.project import Project
from presswatch.store.db import transaction


def _entities(project: Project, rows: list[tuple[int, str, str, int | None]]) -> None:
    conn = project.connect()
    try:
        with transaction(conn):
            for ident, key, name, _into in rows:
                conn.execute("INSERT INTO entities (id, key, kind, name, source, created_at) "
                             "VALUES (?, ?, 'org', ?, 'discovered', '2026-01-01')", (ident, key, name))
            for ident, _key, _name, into in rows:
                conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (into, ident))
    finally:
        conn.close()


def test_key_and_name_follow_the_same_merge_chain(project: Project) -> None:
    # 3 was merged into 2, and 2 later into 1: both readers end at 1
    _entities(project, [(1, "test:agency", "National Energy Agency", None), (2, "test:nea", "NEA", 1),
                        (3, "test:n-e-a", "N.E.A.", 2), (4, "test:river", "River", None)])
    assert [browse.entity_key(project, i) for i in (1, 2, 3, 4)] == ["test:agency"] * 3 + ["test:river"]
    assert [browse.entity_name(project, i) for i in (1, 2, 3, 4)] == ["National Energy Agency"] * 3 + ["River"]
    with pytest.raises(NotFound):
        browse.entity_key(project, 99)
    with pytest.raises(NotFound):
        browse.entity_name(project, 99)


def test_a_merge_that_points_back_ends_the_walk_for_the_key_as_for_the_name(project: Project) -> None:
    # an entity recorded as merged into itself, and two merged into each other (an editor's merges
    # crossing): the name walk stopped at the first; the key walk recursed without end
    _entities(project, [(1, "test:self", "Self", 1), (2, "test:a", "A", 3), (3, "test:b", "B", 2)])
    assert browse.entity_key(project, 1) == "test:self"
    assert browse.entity_name(project, 1) == "Self"
    # in the loop, the key and the name are one entity's, wherever the walk starts
    pairs = {("test:a", "A"), ("test:b", "B")}
    assert (browse.entity_key(project, 2), browse.entity_name(project, 2)) in pairs
    assert (browse.entity_key(project, 3), browse.entity_name(project, 3)) in pairs
