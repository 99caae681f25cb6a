"""Half-open calendar periods the gold SQL filters on: ``.format(c=column)``."""

LAST_WEEK = ("{c} >= date_trunc('week', current_date) - interval '1 week' "
                "AND {c} < date_trunc('week', current_date)")
LAST_MONTH = ("{c} >= date_trunc('month', current_date) - interval '1 month' "
                "AND {c} < date_trunc('month', current_date)")
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' "
                "AND {c} < date_trunc('month', current_date) - interval '1 month'")
LAST_YEAR = ("{c} >= date_trunc('year', current_date) - interval '1 year' "
                "AND {c} < date_trunc('year', current_date)")
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' "
                "AND {c} < date_trunc('quarter', current_date)")
QUARTER_BEFORE = ("{c} >= date_trunc('quarter', current_date) - interval '6 months' "
                "AND {c} < date_trunc('quarter', current_date) - interval '3 months'")
