"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev18`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("freight", "gibberish", "qwerty asdfgh zxcvbn"),
    ("freight", "gibberish", "the plomberous vintage of grobbled skeens"),
    ("freight", "gibberish", "sed ut perspiciatis unde omnis iste natus"),
    ("freight", "gibberish", "container flumph wibbly snorkadoo?"),
    ("freight", "gibberish", "jjjj kkkk llll"),
    ("freight", "write", "mark every in-transit shipment as delivered"),
    ("freight", "write", "set the credit limit for harbor toys to 200k"),
    ("freight", "write", "delete all cancelled bookings"),
    ("freight", "write", "flag every unpaid invoice as paid"),
    ("freight", "missing", "which vessel is shipment FF240100 on"),
    ("freight", "missing", "container numbers for the sunrise electronics bookings"),
    ("freight", "missing", "how much CO2 did our shipments emit last year"),
    ("freight", "missing", "what's our sales rep commission on lone star auto parts"),
    ("freight", "missing", "average fuel surcharge per leg"),
    ("freight", "off_topic", "how long does it take a ship to cross the pacific"),
    ("freight", "off_topic", "what's the weather in rotterdam tomorrow"),
    ("tutoring", "gibberish", "poiuy lkjhg mnbvc"),
    ("tutoring", "gibberish", "snargle the frimbish tootwhistle blonks"),
    ("tutoring", "gibberish", "ut enim ad minim veniam quis nostrud"),
    ("tutoring", "gibberish", "lessons glarp fizzenwhack dorble?"),
    ("tutoring", "gibberish", "aaaa bbbb cccc dddd"),
    ("tutoring", "write", "verify all the tutors in evanston"),
    ("tutoring", "write", "cancel every lesson that's still just requested"),
    ("tutoring", "write", "raise everyone's hourly rate by 5 dollars"),
    ("tutoring", "write", "delete the 1 star reviews"),
    ("tutoring", "missing", "which students passed their SAT after tutoring"),
    ("tutoring", "missing", "how many minutes did each zoom call actually last"),
    ("tutoring", "missing", "what did we spend on google ads last month"),
    ("tutoring", "missing", "tutors' background check dates"),
    ("tutoring", "missing", "average gpa of our students"),
    ("tutoring", "off_topic", "best way to memorize the periodic table"),
    ("tutoring", "off_topic", "who wrote pride and prejudice"),
)
