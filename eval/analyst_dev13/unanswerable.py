"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev11`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("fleet", "gibberish", "blorp the wingnut quazz"),
    ("fleet", "gibberish", "tails tails frimble oxo?"),
    ("fleet", "write", "ground N305JX until further notice"),
    ("fleet", "write", "close every open work order at ORD"),
    ("fleet", "write", "roster Helen Marsh on JX104 tomorrow"),
    ("fleet", "write", "delete last year's cancelled flights"),
    ("fleet", "missing", "fuel burn per flight last month"),
    ("fleet", "missing", "ticket revenue by route"),
    ("fleet", "missing", "crew overtime hours this month"),
    ("fleet", "missing", "which pilots are type rated on the A321"),
    ("fleet", "missing", "how many delays were caused by weather at ORD"),
    ("fleet", "missing", "monthly lease cost of each aircraft"),
    ("fleet", "off_topic", "what's the best seat on an A321"),
    ("fleet", "off_topic", "write a memo to the mechanics about foreign object debris"),
    ("saas", "gibberish", "snizzle the mrr gorp"),
    ("saas", "gibberish", "plans plans vrek zzt?"),
    ("saas", "write", "cancel Initech's subscription"),
    ("saas", "write", "refund invoice INV-200105"),
    ("saas", "write", "upgrade Globex Corporation to Enterprise"),
    ("saas", "write", "mark all open invoices as paid"),
    ("saas", "missing", "NPS score by segment"),
    ("saas", "missing", "marketing spend per new signup"),
    ("saas", "missing", "which sales rep closed the Northwind deal"),
    ("saas", "missing", "website visitors last month"),
    ("saas", "missing", "salaries of the support team"),
    ("saas", "missing", "how many accounts have SSO turned on"),
    ("saas", "off_topic", "how should we price our new AI add-on"),
    ("saas", "off_topic", "write a renewal email to Northwind Traders"),
)
