"""Flatten and rebuild nested structures (lists, tuples, dicts), as ``tf.nest`` does."""

from __future__ import annotations


def flatten(structure) -> list:
    """``tf.nest.flatten``: the leaves of nested lists, tuples and dicts (dicts by sorted key)."""
    out: list = []
    _flatten(structure, out)
    return out


def _flatten(s, out):
    if isinstance(s, dict):
        for k in sorted(s, key=_sort_key):
            _flatten(s[k], out)
    elif isinstance(s, (list, tuple)):
        for v in s:
            _flatten(v, out)
    else:
        out.append(s)


def _sort_key(k):
    return (str(type(k)), k) if not isinstance(k, str) else ("str", k)


def pack_sequence_as(structure, flat):
    """``tf.nest.pack_sequence_as``: ``flat``'s leaves in ``structure``'s shape."""
    it = iter(flat)
    return _pack(structure, it)


def _pack(s, it):
    if isinstance(s, dict):
        keys = sorted(s, key=_sort_key)
        vals = {k: _pack(s[k], it) for k in keys}
        return type(s)((k, vals[k]) for k in s) if type(s) is not dict else {k: vals[k] for k in s}
    if isinstance(s, tuple) and hasattr(s, "_fields"):
        return type(s)(*[_pack(v, it) for v in s])
    if isinstance(s, (list, tuple)):
        return type(s)(_pack(v, it) for v in s)
    return next(it)


def map_structure(fn, structure):
    """``tf.nest.map_structure``: ``fn`` applied to every leaf, structure kept."""
    return pack_sequence_as(structure, [fn(x) for x in flatten(structure)])
