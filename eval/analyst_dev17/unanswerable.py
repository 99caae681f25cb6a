"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev16`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("fitness", "gibberish", "qwop qwop dfgh zxcv"),
    ("fitness", "gibberish", "splendle the frabnoz quimbly"),
    ("fitness", "gibberish", "sed ut perspiciatis unde omnis iste natus"),
    ("fitness", "gibberish", "blorpy spin glumph wazz?"),
    ("fitness", "write", "cancel every frozen membership"),
    ("fitness", "write", "put the premium plan up to 59.99"),
    ("fitness", "write", "delete all bookings for classes that were cancelled"),
    ("fitness", "write", "move every Brixton member to the Shoreditch club"),
    ("fitness", "missing", "average resting heart rate of our members"),
    ("fitness", "missing", "which treadmills are out of order"),
    ("fitness", "missing", "how many towels did we hand out last week"),
    ("fitness", "missing", "locker rental income by club"),
    ("fitness", "off_topic", "what's a good protein intake for a 70kg adult"),
    ("fitness", "off_topic", "who won the premier league last season"),
    ("restaurant", "gibberish", "lkjh poiu mnbv"),
    ("restaurant", "gibberish", "grimbly fothers snoodle the pandwick"),
    ("restaurant", "gibberish", "ut enim ad minim veniam quis nostrud"),
    ("restaurant", "gibberish", "covers flimjam skronk badoodle?"),
    ("restaurant", "write", "void every check over 500 dollars"),
    ("restaurant", "write", "raise the price of the smash burger to 18"),
    ("restaurant", "write", "mark all of tonight's reservations as seated"),
    ("restaurant", "write", "remove Driftless Mushrooms from our suppliers"),
    ("restaurant", "missing", "average yelp rating per location"),
    ("restaurant", "missing", "how much food did we throw away last week"),
    ("restaurant", "missing", "which tables have a window view"),
    ("restaurant", "missing", "average ticket time from the kitchen display"),
    ("restaurant", "off_topic", "how do I make a sourdough starter"),
    ("restaurant", "off_topic", "what's the weather in chicago tomorrow"),
)
