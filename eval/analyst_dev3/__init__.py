"""A third development set: two schemas of new domains kept as a carry-over check (issue 18).

Written, with its gold checked against its data, before anything was run on it and before the
linking work of round 18d began; its answers are looked at only at the end of the round.
Loading, building and the reader harness are ``eval/analyst_dev``'s, given :data:`THIS_SET`.
README.md says more.
"""

from eval.analyst_dev.load import EvalSet

SET_VERSION = "analyst-dev3-v1"
THIS_SET = EvalSet("eval.analyst_dev3", "adv3", ("bloodbank", "apiary"))
CARRY_OVER_KEYS = ("bloodbank", "apiary")
