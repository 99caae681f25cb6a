"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev13`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("property", "gibberish", "flarn the lease wibble quox"),
    ("property", "gibberish", "units units zorp blen?"),
    ("property", "write", "end Grace Okafor's lease today"),
    ("property", "write", "raise rent 5% on every unit at Maple Court"),
    ("property", "write", "assign all open requests to Handy Crew"),
    ("property", "write", "delete the cancelled maintenance requests"),
    ("property", "missing", "property tax paid per building last year"),
    ("property", "missing", "which tenants have renters insurance"),
    ("property", "missing", "mortgage balance on Harbor View"),
    ("property", "missing", "credit scores of applicants this month"),
    ("property", "missing", "utility bills per unit last month"),
    ("property", "missing", "how many parking spaces does Summit Tower have"),
    ("property", "off_topic", "is now a good time to buy a duplex in Austin"),
    ("property", "off_topic", "write an eviction notice for unit 204"),
    ("plant", "gibberish", "grommle the sku vantz"),
    ("plant", "gibberish", "scrap scrap plimbo kk?"),
    ("plant", "write", "put work order WO261204L1A on hold"),
    ("plant", "write", "move Rosa Delgado to the night shift"),
    ("plant", "write", "cancel all released work orders on Press Line 2"),
    ("plant", "write", "log 30 minutes of changeover on the leak tester"),
    ("plant", "missing", "energy consumption in kWh per line last month"),
    ("plant", "missing", "which customer ordered the most battery trays"),
    ("plant", "missing", "hourly wage of our operators"),
    ("plant", "missing", "raw steel inventory on hand"),
    ("plant", "missing", "supplier on-time delivery rate"),
    ("plant", "missing", "overtime hours worked by the swing shift"),
    ("plant", "off_topic", "how do I set up a kanban board for the press shop"),
    ("plant", "off_topic", "write a safety briefing about lockout tagout"),
)
