"""Training of the schema-item ranker (:mod:`ask.context.table_ranker`).

``python -m training.ranker --datasets ../shared/datasets`` draws questions over schemas that no
evaluation uses (the invented domains and Spider's training schemas of
:class:`training.data.general.GeneralGenerator`, the training splits of ``text2sql-data``; the 20
Spider dev databases are kept out by :func:`training.data.general.load_spider_pool`), computes the
run-time features of every (question, table) and (question, column) pair with the run-time code,
fits the two scorers in torch on CPU and writes their weights as JSON beside the ranker.
"""
