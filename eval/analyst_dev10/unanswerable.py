"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev8`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("grants", "gibberish", "quorble fendish marrow plink"),
    ("grants", "gibberish", "grants grants zzkt wub?"),
    ("grants", "write", "mark the NSF annual report as submitted"),
    ("grants", "write", "decline every pending proposal"),
    ("grants", "write", "add Dr. Amy Fox to the physics department"),
    ("grants", "write", "delete expenditures from before 2022"),
    ("grants", "missing", "which grants were audited last year"),
    ("grants", "missing", "postdoc salaries by lab"),
    ("grants", "missing", "how many patents came out of our grants"),
    ("grants", "missing", "IRB approval dates for human subjects studies"),
    ("grants", "missing", "h-index of each investigator"),
    ("grants", "missing", "student enrollment per department"),
    ("grants", "off_topic", "when is the NSF CAREER deadline next year"),
    ("grants", "off_topic", "write me a cover letter for an NIH R01"),
    ("theatre", "gibberish", "snorf the plavin wux"),
    ("theatre", "gibberish", "tickets blorp vrem?"),
    ("theatre", "write", "refund all tickets for the cancelled matinee"),
    ("theatre", "write", "move Eleanor Vance to seat A5"),
    ("theatre", "write", "add a new production of Hamlet next spring"),
    ("theatre", "write", "raise balcony prices by 10%"),
    ("theatre", "missing", "concession sales at intermission"),
    ("theatre", "missing", "which actors were in Annie"),
    ("theatre", "missing", "reviews in the local paper for Doubt"),
    ("theatre", "missing", "parking revenue last month"),
    ("theatre", "missing", "volunteer ushers scheduled this weekend"),
    ("theatre", "missing", "costume budget per production"),
    ("theatre", "off_topic", "who wrote Hamilton"),
    ("theatre", "off_topic", "best broadway shows this season"),
)
