"""A second development set of analyst questions, on four schemas of new domains (issue 18).

Written, with its gold checked against its data, before the reader was run on it; the linking
work of round 18c was developed on three of its schemas (driving, nursery, zoo) and the fourth
(marina) was kept aside as a carry-over check. Loading, building and the reader harness are
``eval/analyst_dev``'s, given :data:`THIS_SET`. README.md says more.
"""

from eval.analyst_dev.load import EvalSet

SET_VERSION = "analyst-dev2-v1"
THIS_SET = EvalSet("eval.analyst_dev2", "adv2", ("driving", "nursery", "zoo", "marina"))
DEVELOPMENT_KEYS = ("driving", "nursery", "zoo")
CARRY_OVER_KEY = "marina"
