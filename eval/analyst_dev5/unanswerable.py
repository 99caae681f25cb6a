"""Questions ASK must refuse on this set's schema: (database key, kind, question), kinds as in
``eval/unseen`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("climbing", "gibberish", "zorp klim wendle"),
    ("climbing", "write", "delete all cancelled lessons"),
    ("climbing", "write", "raise the adult day pass price to 20"),
    ("climbing", "missing", "which shoe sizes do members rent most"),
    ("climbing", "missing", "how many injuries happened on the Overhang"),
    ("climbing", "missing", "chalk spend per month"),
    ("climbing", "off_topic", "who first climbed El Capitan"),
    ("climbing", "off_topic", "what is the weather in Sheffield tomorrow"),
)
