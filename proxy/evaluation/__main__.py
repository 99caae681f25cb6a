"""``python -m proxy.evaluation eval …``: the harness without the main CLI."""

import sys

from proxy.evaluation.cli import main

sys.exit(main())
