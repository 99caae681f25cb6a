"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/unseen`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("orchestra", "gibberish", "vlorn trask mippet"),
    ("orchestra", "write", "cancel every concert at Bath"),
    ("orchestra", "write", "give the brass section a raise"),
    ("orchestra", "missing", "which pieces did we rehearse most"),
    ("orchestra", "missing", "how many encores were played"),
    ("orchestra", "missing", "audience satisfaction score per concert"),
    ("orchestra", "off_topic", "when was Mahler born"),
    ("winery", "gibberish", "pradd koliv snee"),
    ("winery", "write", "delete the grade C deliveries"),
    ("winery", "write", "add a new grower called Bell Hill"),
    ("winery", "missing", "how many bottles did we sell"),
    ("winery", "missing", "rainfall per block last season"),
    ("winery", "missing", "which wines won medals"),
    ("winery", "off_topic", "what food goes with Riesling"),
)
