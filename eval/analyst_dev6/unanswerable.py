"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/unseen`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("hvac", "gibberish", "qwop flenn dratz"),
    ("hvac", "write", "mark all of Harbor View Dental's invoices as paid"),
    ("hvac", "missing", "which techs got customer complaints last month"),
    ("hvac", "missing", "fuel cost per van"),
    ("hvac", "off_topic", "what's a good SEER rating for a heat pump"),
    ("bikeshare", "gibberish", "blorf snee wimble tup"),
    ("bikeshare", "write", "delete riders who never took a trip"),
    ("bikeshare", "missing", "how many helmets were rented"),
    ("bikeshare", "missing", "average rider satisfaction score"),
    ("bikeshare", "off_topic", "who won the Tour de France in 2019"),
)
