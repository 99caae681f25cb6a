"""Schema DDL and seeded rows of analyst_dev20."""
