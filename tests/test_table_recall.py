"""eval/table_recall.py: gold tables from gold SQL, and recall@k of the lexical ranker."""

from __future__ import annotations

from ask.schema import Column, ForeignKey, SchemaContext, Table
from eval.table_recall import gold_tables, recall

SCHEMA = SchemaContext("db", "r", ("public",), tuple(
    [Table("public", "owners", (Column("owner_id", "integer"), Column("name", "text")), ("owner_id",)),
     Table("public", "pets", (Column("pet_id", "integer"), Column("owner_id", "integer"), Column("breed", "text")),
           ("pet_id",), (ForeignKey(("owner_id",), "public", "owners", ("owner_id",)),))]
    + [Table("public", f"noise_{i}", (Column("id", "integer"), Column(f"thing_{i}", "text"))) for i in range(8)]))


def test_gold_tables_are_the_relations_read() -> None:
    sql = "SELECT o.name FROM owners o WHERE EXISTS (SELECT 1 FROM pets p WHERE p.owner_id = o.owner_id)"
    assert gold_tables(sql) == {"owners", "pets"}


def test_recall_counts_a_question_when_every_gold_table_is_kept() -> None:
    questions = [{"database": "db", "question": "how many pets does each owner have",
                  "gold_sql": "SELECT o.name, count(*) FROM pets p JOIN owners o ON o.owner_id = p.owner_id GROUP BY 1"}]
    got = recall(questions, {"db": SCHEMA}, None)
    assert got["lexical"][1] == 0.0 and got["lexical"][2] == 1.0
    assert got["all tables fit"][8] == 0.0
