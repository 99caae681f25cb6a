"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev19`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("pharmacy", "gibberish", "hjkl fdsa trewq"),
    ("pharmacy", "gibberish", "the quindle of sporfulated mebbings"),
    ("pharmacy", "gibberish", "neque porro quisquam est qui dolorem"),
    ("pharmacy", "gibberish", "receipts zorbly flimflam wugga?"),
    ("pharmacy", "gibberish", "mmmm nnnn oooo pppp"),
    ("pharmacy", "write", "drop the price of every CareRx product by 10%"),
    ("pharmacy", "write", "upgrade all silver members to gold"),
    ("pharmacy", "write", "delete last week's sales from the Newark store"),
    ("pharmacy", "write", "add a new store in Albany"),
    ("pharmacy", "missing", "which doctors write the most prescriptions for us"),
    ("pharmacy", "missing", "how many flu shots did we give last month"),
    ("pharmacy", "missing", "what's our gross margin after rent for each store"),
    ("pharmacy", "missing", "insurance copay totals by insurer"),
    ("pharmacy", "missing", "how long do customers wait in line at the pharmacy counter"),
    ("pharmacy", "off_topic", "what's the maximum safe daily dose of ibuprofen"),
    ("pharmacy", "off_topic", "who won the world series in 2019"),
    ("homeservices", "gibberish", "zxcv bnm asdf"),
    ("homeservices", "gibberish", "wobbling the crantastic fleebs of yore"),
    ("homeservices", "gibberish", "duis aute irure dolor in reprehenderit"),
    ("homeservices", "gibberish", "quotes blarf snizzle kerplunk?"),
    ("homeservices", "gibberish", "xxxx yyyy zzzz"),
    ("homeservices", "write", "refund every payment from last week"),
    ("homeservices", "write", "mark all the booked jobs as done"),
    ("homeservices", "write", "ban the pros who failed the background check"),
    ("homeservices", "write", "set every plumber's hourly rate to 80 dollars"),
    ("homeservices", "missing", "how long did each job actually take on site"),
    ("homeservices", "missing", "which pros have a contractor license"),
    ("homeservices", "missing", "what did we spend on facebook ads for new pros"),
    ("homeservices", "missing", "customer churn by marketing channel"),
    ("homeservices", "missing", "square footage of the houses we cleaned"),
    ("homeservices", "off_topic", "how do i unclog a drain without a plunger"),
    ("homeservices", "off_topic", "what's the capital of colorado"),
)
