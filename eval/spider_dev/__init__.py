"""Spider's development set as PostgreSQL databases and an ``askproxy eval`` question file.

Spider ships no databases here, so each of the 20 dev schemas is built as ``spider_<db_id>``
and filled with generated rows that hold the literal values its gold queries look for, in the
spirit of Zhong et al. 2020's distilled test suites. The pipeline is pure up to the last step:

    dataset        tables.json / dev.jsonl -> typed schemas and questions
    gold_sql       SQLite gold -> repaired sqlglot tree -> PostgreSQL text
    column_usage   what the gold queries do with each column (literals, joins, arithmetic)
    column_types   PostgreSQL types chosen from that
    table_plan     keys, references, row counts, load order
    value_rules    realistic values from a column's name (vocabulary: the word lists)
    column_filler  one column's values, literals included
    table_data     the rows of every table
    ddl            CREATE TABLE / ALTER TABLE text
    build          the I/O: create, load, run every gold query (execution_repairs on refusal)
    cli            ``python -m eval.spider_dev``

Nothing from the datasets directory is copied into the repository: everything is read from the
directory given with ``--datasets`` when the builder runs.
"""
