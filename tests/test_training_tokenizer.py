"""The SQL-aware tokenizer: exact round trips, quote and dot pieces, byte fallback."""

from __future__ import annotations

from training.tokenizer import EOS, decode, encode_target, train_tokenizer

CORPUS = [
    "SELECT r.name, sum(ol.quantity) AS units_sold FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id",
    "SELECT count(*) FROM orders o WHERE o.ordered_at >= current_date - 7 AND o.channel = 'online'",
    "question: top product in East China last month\nschema: regions(region_id int pk, name text)",
] * 50


def test_round_trip_and_pieces() -> None:
    tok = train_tokenizer(CORPUS, vocab_size=400)
    sql = "SELECT s.city FROM stores s WHERE s.city = '上海' AND o.ordered_at >= current_date - 30"
    ids = encode_target(tok, sql)
    assert ids[-1] == tok.token_to_id(EOS)
    assert decode(tok, ids[:-1]) == sql
    pieces = tok.encode("o.order_id = 'East China'", add_special_tokens=False).tokens
    assert "." in pieces and "▁'" in pieces and "'" in pieces


def test_inputs_are_wrapped_for_the_encoder() -> None:
    tok = train_tokenizer(CORPUS, vocab_size=400)
    enc = tok.encode("question: hi")
    assert enc.tokens[0] == "<s>" and enc.tokens[-1] == "</s>"
