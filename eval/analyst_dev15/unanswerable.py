"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev14`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("transit", "gibberish", "blorp the headsign frazzle"),
    ("transit", "gibberish", "stops stops wuggle zeb?"),
    ("transit", "write", "cancel all saturday trips on route 4"),
    ("transit", "write", "move BUS-1101 to the South Yard"),
    ("transit", "write", "mark every open incident as resolved"),
    ("transit", "write", "raise the adult fare to 2.50"),
    ("transit", "missing", "fuel consumption per bus last month"),
    ("transit", "missing", "driver overtime pay this quarter"),
    ("transit", "missing", "how many passengers were standing on route 10 at rush hour"),
    ("transit", "missing", "customer complaints about route 22"),
    ("transit", "missing", "on-time performance from GPS pings yesterday"),
    ("transit", "missing", "which bus stops have bike racks"),
    ("transit", "off_topic", "should we switch the whole fleet to hydrogen"),
    ("transit", "off_topic", "write a rider alert about the snow detour"),
    ("lawfirm", "gibberish", "quibble the matter snorf"),
    ("lawfirm", "gibberish", "invoices blat zonk zonk?"),
    ("lawfirm", "write", "close matter M-2025-0013"),
    ("lawfirm", "write", "write off every unpaid invoice older than a year"),
    ("lawfirm", "write", "bump all associate rates by 25"),
    ("lawfirm", "write", "log 2 hours for Helen Park on the Juniper trademark today"),
    ("lawfirm", "missing", "win rate of our trials"),
    ("lawfirm", "missing", "settlement amounts on contingency cases"),
    ("lawfirm", "missing", "which opposing counsel do we face most often"),
    ("lawfirm", "missing", "attorney salaries by practice area"),
    ("lawfirm", "missing", "expenses billed to clients last month"),
    ("lawfirm", "missing", "conflict checks run this week"),
    ("lawfirm", "off_topic", "draft a motion to dismiss for the Granite case"),
    ("lawfirm", "off_topic", "what is the statute of limitations for breach of contract in Massachusetts"),
)
