"""Create and fill this set's databases: ``python -m eval.analyst_dev20.load --dsn URL [--today YYYY-MM-DD]``
(``eval.analyst_dev.load`` with this set's package, prefix and keys)."""

from __future__ import annotations

from eval.analyst_dev.load import main
from eval.analyst_dev20 import THIS_SET

if __name__ == "__main__":
    main(of=THIS_SET)
