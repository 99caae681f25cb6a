"""Relative periods as the gold SQL of the analyst development sets writes them (``eval/CONVENTIONS.md``):
a template per period with ``{c}`` for the dated column, filled by :func:`period`."""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
THIS_WEEK = "{c} >= date_trunc('week', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
WEEK_BEFORE = ("{c} >= date_trunc('week', current_date) - interval '2 weeks' AND {c} < date_trunc('week', "
               "current_date) - interval '1 week'")
YESTERDAY = "{c} >= current_date - 1 AND {c} < current_date"
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"


def period(template: str, column: str) -> str:
    """``period(LAST_MONTH, "o.placed_at")``: the template's condition on that column."""
    return template.format(c=column)
