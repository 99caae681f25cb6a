"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev10`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("water", "gibberish", "flonk the brindle wazzock"),
    ("water", "gibberish", "meters meters qzzv plinth?"),
    ("water", "write", "write off every open bill older than a year"),
    ("water", "write", "assign the Bourne main break to the Night Gang"),
    ("water", "write", "disconnect all properties with 3 overdue invoices"),
    ("water", "write", "update Margaret Ellis's email to m.ellis@example.com"),
    ("water", "missing", "chlorine levels at the treatment works last week"),
    ("water", "missing", "reservoir storage levels by zone"),
    ("water", "missing", "how many customer complaints about low pressure this month"),
    ("water", "missing", "which crew members are qualified for confined space work"),
    ("water", "missing", "lead pipe replacements by street"),
    ("water", "missing", "fuel spend of the van fleet"),
    ("water", "off_topic", "what will the drought restrictions be next summer"),
    ("water", "off_topic", "draft a letter apologising for the boil water notice"),
    ("vet", "gibberish", "zarp the quillow snerd"),
    ("vet", "gibberish", "pets flub krrn dax?"),
    ("vet", "write", "cancel all of tomorrow's appointments at Grove City"),
    ("vet", "write", "mark Biscuit as deceased"),
    ("vet", "write", "give Rosa Delgado a 20% discount on her last visit"),
    ("vet", "write", "book Mochi in for a dental next tuesday"),
    ("vet", "missing", "kennel boarding revenue last month"),
    ("vet", "missing", "which pets are insured and with whom"),
    ("vet", "missing", "drug inventory levels for ketamine"),
    ("vet", "missing", "google review ratings by clinic"),
    ("vet", "missing", "microchip numbers of all dogs"),
    ("vet", "missing", "payroll cost of vet techs"),
    ("vet", "off_topic", "what's the best food for a senior cat"),
    ("vet", "off_topic", "is chocolate toxic to dogs"),
)
