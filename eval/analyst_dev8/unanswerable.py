"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev6`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("insurer", "gibberish", "vlem trusk opaline ferrit"),
    ("insurer", "gibberish", "claims claims blarg zzz?"),
    ("insurer", "write", "cancel policy AU-100200"),
    ("insurer", "write", "set every open claim to closed"),
    ("insurer", "write", "add a new adjuster called Tim Cole in the Central region"),
    ("insurer", "write", "delete payments older than two years"),
    ("insurer", "missing", "which claims were flagged for fraud"),
    ("insurer", "missing", "credit scores of our policyholders"),
    ("insurer", "missing", "how many vehicles do we insure"),
    ("insurer", "missing", "agent commissions last month"),
    ("insurer", "missing", "reinsurance recoveries last quarter"),
    ("insurer", "missing", "customer satisfaction score by adjuster"),
    ("insurer", "off_topic", "what's the weather in Columbus tomorrow"),
    ("insurer", "off_topic", "who is the CEO of State Farm"),
    ("studio", "gibberish", "plonk vashti groob"),
    ("studio", "gibberish", "florp the wendle snib mic"),
    ("studio", "write", "book Studio A for Nova Reyes tomorrow at 10"),
    ("studio", "write", "mark invoice 12 as paid"),
    ("studio", "write", "remove the Juno-106 from the equipment list"),
    ("studio", "write", "change Priya Raman's specialty to mastering"),
    ("studio", "missing", "which songs charted after being recorded here"),
    ("studio", "missing", "streaming royalties per client"),
    ("studio", "missing", "engineer salaries"),
    ("studio", "missing", "how many guitar strings did we go through last month"),
    ("studio", "missing", "which microphones are out for repair"),
    ("studio", "missing", "client satisfaction ratings"),
    ("studio", "off_topic", "who produced Abbey Road"),
    ("studio", "off_topic", "best DAW for beginners"),
)
