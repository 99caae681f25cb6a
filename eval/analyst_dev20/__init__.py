"""A twentieth development set: two schemas of new domains, written blind for issue 18's plain reader.

Written, with its gold checked against its data, before anything under ``ask/``, ``proxy/``,
``engines/`` or ``training/`` or the model card was read (round 27, set30); the first run through
the proxy is the generalisation number. Loading, building and the reader harness are
``eval/analyst_dev``'s, given :data:`THIS_SET`. README.md says more.
"""

from eval.analyst_dev.load import EvalSet

SET_VERSION = "analyst-dev20-v1"
THIS_SET = EvalSet("eval.analyst_dev20", "adv20", ("pharmacy", "homeservices"))
