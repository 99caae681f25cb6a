"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev15`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("telecom", "gibberish", "asdf jkl; qwerty uiop"),
    ("telecom", "gibberish", "frumious plinket wazzle the grombits"),
    ("telecom", "gibberish", "lorem ipsum dolor sit amet consectetur"),
    ("telecom", "gibberish", "zorp the roaming blibber snax?"),
    ("telecom", "write", "cancel every suspended line"),
    ("telecom", "write", "move all Flex 10 customers onto Smart 30"),
    ("telecom", "write", "delete the support tickets older than a year"),
    ("telecom", "write", "set the monthly fee of Unlimited Plus to 49.99"),
    ("telecom", "missing", "average download speed on the 5G masts"),
    ("telecom", "missing", "how many dropped calls did we have last week"),
    ("telecom", "missing", "which customers have an overdue credit check"),
    ("telecom", "missing", "average signal strength by city"),
    ("telecom", "off_topic", "what's the capital of australia"),
    ("telecom", "off_topic", "write me a haiku about autumn"),
    ("construction", "gibberish", "hjkl hjkl zxcvbnm"),
    ("construction", "gibberish", "gloober the snerfwidget plonk"),
    ("construction", "gibberish", "consectetur adipiscing elit sed do eiusmod"),
    ("construction", "gibberish", "inspections wibble flarn dorp?"),
    ("construction", "write", "approve all pending change orders"),
    ("construction", "write", "mark the Estes Park Hotel Lobby Refresh as completed"),
    ("construction", "write", "give every carpenter a 2 dollar raise"),
    ("construction", "write", "remove Prairie Painting from the subcontractor list"),
    ("construction", "missing", "how many safety incidents happened on site this year"),
    ("construction", "missing", "total tons of concrete delivered to Fire Station 7"),
    ("construction", "missing", "which crane rentals are overdue"),
    ("construction", "missing", "profit margin per job"),
    ("construction", "off_topic", "who won the world series in 2019"),
    ("construction", "off_topic", "recommend a good italian restaurant in denver"),
)
