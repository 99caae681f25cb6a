"""``askproxy demo``: an embedded PostgreSQL with a retail-analytics database and the proxy."""
