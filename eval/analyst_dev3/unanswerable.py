"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/unseen`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("bloodbank", "gibberish", "blorp vintaq kex"),
    ("bloodbank", "write", "delete the deferred donations"),
    ("bloodbank", "write", "register a new donor called Ann Lee"),
    ("bloodbank", "missing", "how many nurses work at each site"),
    ("bloodbank", "missing", "average waiting time of donors"),
    ("bloodbank", "missing", "cost of a blood bag per hospital"),
    ("bloodbank", "missing", "which donors have tattoos"),
    ("bloodbank", "off_topic", "who performed the first blood transfusion"),
    ("apiary", "gibberish", "qzv plinkt drrm"),
    ("apiary", "write", "remove hive H-07"),
    ("apiary", "write", "set every harvest to premium grade"),
    ("apiary", "missing", "how many swarms did we lose"),
    ("apiary", "missing", "price of a jar of honey"),
    ("apiary", "missing", "which flowers grow near each yard"),
    ("apiary", "missing", "rainfall at the yards last week"),
    ("apiary", "off_topic", "how do bees make wax"),
)
