"""Composing rows from several tables in one streaming pass.

``attach_children`` is a merge join: the parent query and each child query are
ordered by the same key, and each parent row comes out as a dict with its
children's rows in lists. Memory holds one parent's children at a time, never a
whole table, whatever the database's size.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping


def attach_children(
    parents: Iterable[Mapping],
    parent_key: str,
    children: Mapping[str, tuple[Iterable[Mapping], str]],
) -> Iterator[dict]:
    """Yield each parent row as a dict, with ``name: [child rows]`` for every child stream.

    ``children`` maps a name to ``(rows, key)``; the rows must be ordered by ``key``
    ascending, and the parents by ``parent_key`` ascending (integer keys; children whose
    key is NULL or matches no parent are passed over). Parents that are plain dicts (from
    :meth:`ParseContext.dict_rows`) are extended in place; others are copied into a dict.
    A parent without children of a kind gets an empty tuple (shared: do not mutate it).
    """
    streams = []
    for name, (rows, key) in children.items():
        it = iter(rows)
        streams.append([name, it, key, None, None])
        _advance(streams[-1], None)
    for parent in parents:
        pk = parent[parent_key]
        composed = parent if type(parent) is dict else dict(parent)
        for state in streams:
            ck = state[4]
            if ck is None or pk is None or ck > pk:
                composed[state[0]] = ()
                continue
            if ck < pk:
                _advance(state, pk)
                ck = state[4]
                if ck is None or ck > pk:
                    composed[state[0]] = ()
                    continue
            found = []
            while state[4] == pk:
                found.append(state[3])
                _advance(state, None)
            composed[state[0]] = found
        yield composed


_NUMERIC = (int, float)


def _advance(state: list, at_least) -> None:
    """Move a child stream to its next row with a numeric key (>= ``at_least`` when given).

    A key stored as text or a BLOB (a damaged or hand-edited database) matches no integer row id,
    as in SQL; SQLite orders such keys after all numbers, so passing them over keeps the merge.
    """
    it, key = state[1], state[2]
    for row in it:
        k = row[key]
        if k is None or type(k) not in _NUMERIC or (at_least is not None and k < at_least):
            continue
        state[3], state[4] = row, k
        return
    state[3] = state[4] = None
