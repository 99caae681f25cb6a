"""Where a statement's text really starts: past whitespace, ``--`` and nested ``/* */``
comments, on the undecoded bytes. Cheap enough for the event loop; the ASK pre-filter and the
transaction-statement classifier both use it."""

from __future__ import annotations

import re

_SPACE = re.compile(rb"(?:[ \t\n\r\f\v]+|--[^\n\r]*)+")
_COMMENT_MARK = re.compile(rb"/\*|\*/")


def skip_space(sql: bytes, pos: int = 0) -> int:
    """The offset of the first byte at or after ``pos`` that is no whitespace or comment."""
    while True:
        space = _SPACE.match(sql, pos)
        if space is not None:
            pos = space.end()
        if not sql.startswith(b"/*", pos):
            return pos
        pos = _comment_end(sql, pos)


def _comment_end(sql: bytes, pos: int) -> int:
    """The end of the (nested, as in PostgreSQL) block comment at ``pos``; the text's end if
    it is unterminated."""
    depth = 0
    for mark in _COMMENT_MARK.finditer(sql, pos):
        depth += 1 if mark.group() == b"/*" else -1
        if depth == 0:
            return mark.end()
    return len(sql)
