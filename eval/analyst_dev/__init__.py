"""A development set of analyst questions on three small business schemas (issue 18).

Unlike ``eval/unseen`` it is not frozen: the plain reader (``ask/translate/sketch/``) is tuned
on it. README.md says how it was written and how to load and run it.
"""

SET_VERSION = "analyst-dev-v1"
