"""A twelfth development set: two schemas of new domains, written blind as the gate for issue 18's rules.

Written, with its gold checked against its data, before anything under ``ask/``, ``proxy/``,
``engines/`` or ``training/`` or the model card was read (round 22, set22); nobody develops on it.
Loading, building and the reader harness are ``eval/analyst_dev``'s, given :data:`THIS_SET`.
README.md says more.
"""

from eval.analyst_dev.load import EvalSet

SET_VERSION = "analyst-dev12-v1"
THIS_SET = EvalSet("eval.analyst_dev12", "adv12", ("school", "recruit"))
