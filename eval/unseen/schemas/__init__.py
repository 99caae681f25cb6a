"""The six unseen schemas: one DDL file and one data generator module per schema.

Each module exposes ``KEY``, ``TIMEZONE`` (the database's ``timezone`` setting, the clock
``current_date`` reads) and ``generate(today)``, which returns every table's rows in DDL column
order, in foreign-key order. The DDL sits next to it as ``<key>.sql``. ``eval.unseen.registry``
lists them.
"""
