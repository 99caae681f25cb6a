"""A fifth development set: one schema of a new domain, written for issue 18's plain reader.

Written, with its gold checked against its data, before anything was run on it (round 18g); the
first run through the proxy is the generalisation number. Loading, building and the reader
harness are ``eval/analyst_dev``'s, given :data:`THIS_SET`. README.md says more.
"""

from eval.analyst_dev.load import EvalSet

SET_VERSION = "analyst-dev5-v1"
THIS_SET = EvalSet("eval.analyst_dev5", "adv5", ("climbing",))
