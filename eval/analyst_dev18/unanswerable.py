"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev17`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("dealership", "gibberish", "asdf jkl; qwer uiop"),
    ("dealership", "gibberish", "flenderbock the quastimated spoodle"),
    ("dealership", "gibberish", "lorem ipsum dolor sit amet consectetur"),
    ("dealership", "gibberish", "vroomish blargle sedan wibbet?"),
    ("dealership", "gibberish", "zzzzzz xqj mmmph"),
    ("dealership", "write", "mark every reserved car as sold"),
    ("dealership", "write", "knock 500 off the sticker on all the trucks"),
    ("dealership", "write", "delete the declined finance applications"),
    ("dealership", "write", "move all of Heritage Ford's inventory to Summit Auto Mall"),
    ("dealership", "missing", "average customer satisfaction score per store"),
    ("dealership", "missing", "which cars have a sunroof"),
    ("dealership", "missing", "how much did we spend on facebook ads last month"),
    ("dealership", "missing", "fuel economy of the SUVs in stock"),
    ("dealership", "off_topic", "what's a good first car for a teenager"),
    ("dealership", "off_topic", "who won the indy 500 this year"),
    ("foodbank", "gibberish", "hjkl hjkl bnm,"),
    ("foodbank", "gibberish", "trimbulous wangers froodle the pibbet"),
    ("foodbank", "gibberish", "duis aute irure dolor in reprehenderit"),
    ("foodbank", "gibberish", "pounds glorpen snizzle whumf?"),
    ("foodbank", "gibberish", "qqqq wwww eeee"),
    ("foodbank", "write", "mark all donations as receipted"),
    ("foodbank", "write", "deactivate volunteers who haven't had a shift this year"),
    ("foodbank", "write", "delete the donor Temple Israel"),
    ("foodbank", "write", "add 200 lbs of rice to yesterday's delivery for Eastside Pantry"),
    ("foodbank", "missing", "how many meals did each family eat last week"),
    ("foodbank", "missing", "temperature of the walk-in freezer this morning"),
    ("foodbank", "missing", "grant money we received from the county"),
    ("foodbank", "missing", "which trucks need an oil change"),
    ("foodbank", "off_topic", "how do I can tomatoes at home"),
    ("foodbank", "off_topic", "what's the capital of ohio"),
)
