"""eval/table_recall.py: gold tables from gold SQL, recall@k of tables and columns per ranker, and
recall at the prompt's own budget."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ask.context.table_ranker import COLUMN_FEATURES, TABLE_FEATURES, RankerWeights, Scorer, TableRanker
from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from eval.table_recall import even_half, gold_tables, lexical_columns, prompt_recall, recall

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


WIDE = SchemaContext("db", "r", ("public",), SCHEMA.tables + tuple(
    Table("public", f"wide_{i}", tuple(Column(f"field_{j}", "text") for j in range(12))) for i in range(60)))
PETS = {"database": "db", "question": "breed of each owner's pets",
        "gold_sql": "SELECT o.name, p.breed FROM pets p JOIN owners o ON o.owner_id = p.owner_id"}


class NoEmbedder:
    """Every phrase the same vector: the ranker's similarity features carry no information."""

    def embed(self, phrases: Sequence[str]) -> np.ndarray:
        return np.ones((len(phrases), 4), dtype=np.float32) / 2.0


def name_ranker(sign: float) -> TableRanker:
    """A ranker that scores tables by (sign x) their name words in the question, columns alike."""
    def only(feature: str, features: tuple[str, ...]) -> Scorer:
        w = np.zeros((len(features), 1), np.float32)
        w[features.index(feature), 0] = sign
        return Scorer(features, np.zeros(len(features), np.float32), np.ones(len(features), np.float32),
                      ((w, np.zeros(1, np.float32)),))
    return TableRanker(RankerWeights(only("name", TABLE_FEATURES), only("hits", COLUMN_FEATURES)), NoEmbedder())


def test_lexical_column_baseline_orders_by_table_score_then_column_words() -> None:
    links = link_values(PETS["question"], SCHEMA)
    assert lexical_columns(PETS["question"], SCHEMA, links)[:5] == [
        ("pets", "pet_id"), ("pets", "breed"), ("pets", "owner_id"), ("owners", "owner_id"), ("owners", "name")]


def test_column_recall_needs_every_gold_column_in_the_top_k() -> None:
    got = recall([PETS], {"db": SCHEMA}, None, name_ranker(1.0))
    assert got["lexical columns"] == {5: 1.0, 10: 1.0, 20: 1.0}
    assert got["trained"][2] == 1.0
    worse = recall([PETS], {"db": SCHEMA}, None, name_ranker(-1.0))
    assert worse["trained"][2] == 0.0 and worse["trained columns"][5] == 0.0


def test_prompt_recall_reads_the_tables_the_prompt_shows() -> None:
    fits = prompt_recall([PETS], {"db": SCHEMA}, name_ranker(-1.0))
    assert fits == {"lexical": 1.0, "trained": 1.0, "cut": 0.0}       # nothing cut: the ranker cannot matter
    cut = prompt_recall([PETS], {"db": WIDE}, name_ranker(-1.0))
    assert cut == {"lexical": 1.0, "trained": 0.0, "cut": 1.0}


def test_even_half_keeps_every_other_database_of_the_sorted_list() -> None:
    questions = [{"database": db, "question": db} for db in ("spider_d", "spider_a", "spider_c", "spider_b", "spider_a")]
    assert [q["question"] for q in even_half(questions)] == ["spider_a", "spider_c", "spider_a"]
