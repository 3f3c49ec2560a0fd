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
    key is NULL or matches no parent are passed over).
    """
    streams = {}
    for name, (rows, key) in children.items():
        it = iter(rows)
        streams[name] = [it, key, next(it, None)]
    for parent in parents:
        pk = parent[parent_key]
        composed = dict(parent)
        for name, state in streams.items():
            it, key, current = state
            found = []
            while current is not None and (current[key] is None or (pk is not None and current[key] < pk)):
                current = next(it, None)
            while current is not None and pk is not None and current[key] == pk:
                found.append(current)
                current = next(it, None)
            state[2] = current
            composed[name] = found
        yield composed
