"""``python -m eval.spider_dev --datasets DIR --dsn DSN --out DIR``."""

import sys

from eval.spider_dev.cli import main

sys.exit(main())
