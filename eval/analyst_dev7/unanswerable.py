"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev6`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("coop", "gibberish", "flurb wangle pottersnip"),
    ("coop", "gibberish", "asdf qwer zxcv"),
    ("coop", "write", "delete all the rejected deliveries"),
    ("coop", "write", "set Tom Nguyen's status to lapsed"),
    ("coop", "write", "add a new depot in Warracknabeal"),
    ("coop", "missing", "rainfall by district last season"),
    ("coop", "missing", "fertiliser spend per farm"),
    ("coop", "missing", "which trucks broke down this harvest"),
    ("coop", "missing", "members' email addresses"),
    ("coop", "missing", "what price did we sell the canola to exporters for"),
    ("coop", "missing", "insurance claims lodged this year"),
    ("coop", "off_topic", "what's the capital of Mongolia"),
    ("coop", "off_topic", "write me a poem about the harvest"),
    ("esports", "gibberish", "zzkt pliv morgle"),
    ("esports", "gibberish", "hjkl hjkl hjkl"),
    ("esports", "write", "ban vexo for the rest of the season"),
    ("esports", "write", "insert a new team called Rust Rabbits"),
    ("esports", "write", "update the season 4 prize pool to 50000"),
    ("esports", "missing", "player salaries by team"),
    ("esports", "missing", "how many headshots did Kilowatt get"),
    ("esports", "missing", "ticket sales for the playoffs"),
    ("esports", "missing", "which coach has the best record"),
    ("esports", "missing", "twitch follower count per team"),
    ("esports", "off_topic", "best gaming mouse under $50"),
    ("esports", "off_topic", "what's the weather in Denver tomorrow"),
    ("esports", "off_topic", "tell me a joke about gamers"),
)
