"""Stage 1 of an ASK: what the question is about, before any SQL exists.

The caller's schema as their role sees it (``introspection``), the values the question names
(``value_linking``, ``value_probe``), which tables it is about (``table_selection``,
``subjects``), whether it maps onto the schema at all (``refusal``), and the examples the
caller's role may read (``examples``).
"""
