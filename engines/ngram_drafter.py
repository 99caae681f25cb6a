"""Drafted tokens for speculative greedy decoding, from the engine's own earlier answers.

Generated SQL repeats itself: ``sum(ol.quantity * ol.unit_price * (1 - ol.discount)) AS revenue
FROM order_lines ol JOIN orders o ON ...`` comes back in answer after answer. A decode step of
a small model on CPU costs about as much for eight tokens as for one (it is bound by reading
the weights and by per-node overhead), so the decode loop (:mod:`engines.decoding`) guesses
the next tokens, feeds the guess in one call, and keeps the longest prefix the model agrees
with plus the model's own next token. The output is greedy's; only the number of decoder calls
changes.

The guess is what followed the longest recent match of the answer's last tokens in an earlier
answer (keys of 6, then 4, 3 and 2 tokens: a long key is specific, a short one finds something
more often). When no earlier answer matches, the prompt itself is searched: table and column
names and the linked values the SQL is about are written there (prompt lookup decoding).
Replaying the answers to ``eval/demo.jsonl`` in order, with the verify call's measured cost
per fed token, this cuts the decode cost by about 7% against a single 3-token key, and by
about as much for a fresh engine on ``eval/holdout.jsonl``.

Two options trade decoder calls for work per call, and are off by default because on the
2-core VM (ONNX Runtime, int8-dynamic) the calls they save did not save CPU (``bench/RESULTS.md``,
issue 19, the nineteenth session; ``bench/draft_sources.py`` replays them):

* ``self_order``: search the answer itself first (its last tokens earlier in the answer). A
  model that loses its way on an unfamiliar schema repeats itself (``t.name.name.name...`` to
  the length limit), and a repeat is drafted in one call: over ``eval/demo.jsonl`` and the
  analyst dev sets at one client, 15.5 -> 13.1 calls per greedy answer (the demo's 15.1 stays),
  but the engine's CPU per answer did not measurably fall (five interleaved rounds, within
  their 10-20% spread): a verify call of one row costs ~0.6 ms CPU more than a plain step
  before any drafted token is right, and these drafts turn plain steps into verify calls.
  int8-dynamic answers moved on 12 of the 596.
* ``max_draft`` above 8 (what the CUDA static session's verify step takes, and the default):
  at 32, an earlier answer's whole tail, 15.5 -> 11.3 calls (demo 15.1 -> 10.8), but on a CPU
  a verify call costs ~0.1 ms more per fed token, and with int8-dynamic's per-call activation
  scales 73-85 of the 596 answers moved. It is for a backend whose wide verify step costs what
  a narrow one does (a GPU, with a wider verify step than the static session's).

A draft from the prompt stays at 8 whatever the limit: schema text past the names it matched
is seldom SQL.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from engines.lru import LRU

_START = -1     # pads the front, so that the first tokens of an answer can be drafted too

_Table = LRU[tuple[int, ...], tuple[tuple[int, ...], int]]    # key -> (answer, where it follows)


class NgramDrafter:
    def __init__(self, orders: Sequence[int] = (6, 4, 3, 2), max_draft: int = 8,
                 max_keys: int = 100_000, prompt_order: int = 2, prompt_draft: int = 8,
                 self_order: int = 0) -> None:
        """``self_order``: the key length of the search in the answer itself (0: none);
        ``prompt_draft``: the longest draft copied from the prompt."""
        if not orders or min(orders) < 1:
            raise ValueError("orders must be positive key lengths")
        self.orders = tuple(sorted(set(orders), reverse=True))
        self.max_draft = max_draft
        self.prompt_order = prompt_order
        self.prompt_draft = prompt_draft
        self.self_order = self_order
        self._max_keys = max_keys
        self._tables: dict[int, _Table] = {n: LRU(max_keys) for n in self.orders}
        self._lock = threading.Lock()

    def add(self, tokens: Sequence[int]) -> None:
        """Remember one finished answer (its tokens, end-of-sequence included)."""
        with self._lock:
            for n, table in self._tables.items():
                seq = (_START,) * n + tuple(tokens)
                table.put_many((seq[i:i + n], (seq, i + n)) for i in range(len(seq) - n))

    def prompt_index(self, prompt: Sequence[int]) -> "PromptIndex":
        """``prompt`` for :meth:`draft`, searched by a dict built at its first search instead of
        a scan per call (the decode loop keeps one per request)."""
        return PromptIndex(prompt, self.prompt_order)

    def draft(self, prefix: Sequence[int], limit: int, prompt: "Sequence[int] | PromptIndex" = ()) -> list[int]:
        """Up to ``limit`` tokens: what followed ``prefix``'s last tokens earlier in ``prefix``
        itself (with ``self_order``), else most recently in an earlier answer, for the longest
        key that matches, else what follows them in ``prompt`` (a :class:`PromptIndex` of this
        drafter's, or the tokens)."""
        limit = min(limit, self.max_draft)
        if limit <= 0:
            return []
        if self.self_order and (repeat := _lookup(prefix, prefix, self.self_order, limit)):
            return repeat
        longest = self.orders[0]
        tail = tuple(prefix[-longest:])           # every key is the end of this one
        if len(tail) < longest:
            tail = (_START,) * (longest - len(tail)) + tail
        with self._lock:
            for n, table in self._tables.items():
                hit = table.peek(tail[-n:])
                if hit is not None:
                    seq, at = hit
                    return list(seq[at:at + limit])
        limit = min(limit, self.prompt_draft)
        if isinstance(prompt, PromptIndex) and prompt.order == self.prompt_order:
            return prompt.follows(prefix, limit)
        tokens = prompt.tokens if isinstance(prompt, PromptIndex) else prompt
        return _lookup(tokens, prefix, self.prompt_order, limit)


class PromptIndex:
    """A prompt's ``order``-token keys -> where the last occurrence of each (that a token
    follows) begins: what :func:`_lookup` finds by scanning the prompt from its end, a Python
    loop over hundreds of tokens per row per verify call. Built at the first search."""

    __slots__ = ("tokens", "order", "_last")

    def __init__(self, tokens: Sequence[int], order: int) -> None:
        self.tokens = list(tokens)
        self.order = order
        self._last: dict[tuple[int, ...], int] | None = None

    def follows(self, prefix: Sequence[int], limit: int) -> list[int]:
        """``_lookup(self.tokens, prefix, self.order, limit)``."""
        n, tokens = self.order, self.tokens
        if n < 1 or len(prefix) < n or not tokens:
            return _lookup(tokens, prefix, n, limit)
        last = self._last
        if last is None:        # later starts overwrite earlier ones: the last occurrence wins
            end = len(tokens) - n
            last = self._last = dict(zip(zip(*(tokens[j:end + j] for j in range(n))), range(end)))
        at = last.get(tuple(prefix[-n:]))
        return [] if at is None else tokens[at + n:at + n + limit]


def _lookup(source: Sequence[int], prefix: Sequence[int], n: int, limit: int) -> list[int]:
    """What follows the last occurrence of ``prefix``'s last ``n`` tokens in ``source``."""
    if len(prefix) < n or not source:
        return []
    key = list(prefix[-n:])
    for i in range(len(source) - n - 1, -1, -1):
        if source[i] == key[0] and list(source[i:i + n]) == key:
            return list(source[i + n:i + n + limit])
    return []
