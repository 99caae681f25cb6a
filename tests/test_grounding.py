"""Near-miss copies of linked values are snapped back to the stored spelling, nothing else."""

from __future__ import annotations

from training.data.schemas import context, table
from ask.checks.grounding import snap_literals
from ask.context.value_linking import ValueMatch

CARBON = ValueMatch("products", "name", "Lenovo ThinkPad X1 Carbon", 0, 4, 1.0)
XIAN = ValueMatch("stores", "city", "Xi'an", 0, 1, 1.0)
SCHEMA = context([
    table("products", "product_id int pk, name text, brand text", {"brand": ("Lenovo", "Lenovo Pro")}),
    table("stores", "store_id int pk, name text, city text"),
    table("customers", "customer_id int pk, name text"),
])


def test_a_dropped_piece_is_restored() -> None:
    sql = "SELECT p.unit_price FROM products p WHERE p.name = 'Lenovo ThinkPad X1 Con'"
    assert snap_literals(sql, [CARBON], SCHEMA) == sql.replace("X1 Con'", "X1 Carbon'")


def test_unqualified_column_of_the_only_table() -> None:
    sql = "SELECT unit_price FROM products WHERE name = 'lenovo thinkpad x1 carbon'"
    assert snap_literals(sql, [CARBON], SCHEMA).endswith("name = 'Lenovo ThinkPad X1 Carbon'")


def test_quotes_are_escaped_both_ways() -> None:
    sql = "SELECT s.name FROM stores s WHERE s.city = 'Xi''a' AND s.name <> 'x'"
    assert snap_literals(sql, [XIAN], SCHEMA) == "SELECT s.name FROM stores s WHERE s.city = 'Xi''an' AND s.name <> 'x'"


def test_left_alone() -> None:
    cases = [
        # another column than the linked one
        "SELECT 1 FROM customers cu WHERE cu.name = 'Lenovo ThinkPad X1 Con'",
        # already the linked value
        "SELECT 1 FROM products p WHERE p.name = 'Lenovo ThinkPad X1 Carbon'",
        # too different to be a copy of it
        "SELECT 1 FROM products p WHERE p.name = 'Lenovo Tablet'",
        # not an equality
        "SELECT 1 FROM products p WHERE p.name LIKE 'Lenovo ThinkPad X1 Con'",
        # the alias names two different tables
        "SELECT 1 FROM products p WHERE p.name = 'Lenovo ThinkPad X1 Con' "
        "AND EXISTS (SELECT 1 FROM customers p WHERE p.name = 'a')",
        # not SQL
        "SELECT FROM WHERE 'Lenovo",
    ]
    for sql in cases:
        assert snap_literals(sql, [CARBON], SCHEMA) == sql, sql


def test_a_stored_value_is_never_replaced() -> None:
    brand = ValueMatch("products", "brand", "Lenovo Pro", 0, 2, 1.0)
    sql = "SELECT 1 FROM products p WHERE p.brand = 'Lenovo'"     # stored, though close to the link
    assert snap_literals(sql, [brand], SCHEMA) == sql


def test_numbers_the_question_states() -> None:
    from ask.checks.grounding import question_numbers, ungrounded_numbers

    assert {1500000.0, 80000.0, 2000.0, 1.0, 12.0} <= question_numbers(
        "more than 1.5 million, over 80k, 2,000 units, one store, past 12 months")
    sql = "SELECT p.name FROM products p WHERE p.unit_price < {} AND p.brand = 'x'"
    assert ungrounded_numbers(sql.format(5000), "electronics under 500") == {5000.0}
    assert ungrounded_numbers(sql.format(500), "electronics under 500") == set()
    # only compared constants count: LIMIT and date arithmetic are not thresholds
    assert ungrounded_numbers("SELECT 1 FROM o WHERE o.d >= current_date - 90 LIMIT 3", "top") == set()
    assert ungrounded_numbers("not sql", "x") == set()


def test_a_linked_value_compared_with_another_column_is_misplaced() -> None:
    from ask.checks.grounding import value_defects

    store = ValueMatch("stores", "name", "Pudong", 0, 1, 1.0)
    assert value_defects("SELECT count(*) FROM stores s WHERE s.name = 'Pudong'", [store]) == 0
    assert value_defects("SELECT count(*) FROM customers cu WHERE cu.name = 'Pudong'", [store]) == 1
    assert value_defects("SELECT count(*) FROM customers cu WHERE cu.name = 'Pudong'", []) == 0


def test_a_linked_value_the_sql_ignores_is_a_defect_unless_its_column_is_used() -> None:
    from ask.checks.grounding import value_defects

    online = ValueMatch("orders", "channel", "online", 0, 1, 1.0)
    in_store = ValueMatch("orders", "channel", "in-store", 2, 4, 1.0)
    fuzzy = ValueMatch("orders", "channel", "online", 5, 6, 0.8)
    assert value_defects("SELECT count(*) FROM orders o", [online]) == 1
    assert value_defects("SELECT count(*) FROM orders o WHERE o.channel = 'online'", [online]) == 0
    assert value_defects("SELECT o.channel, count(*) FROM orders o GROUP BY o.channel", [online, in_store]) == 0
    assert value_defects("SELECT channel, count(*) FROM orders GROUP BY channel", [online]) == 0
    assert value_defects("SELECT count(*) FROM orders o", [fuzzy]) == 0      # only exact links count
    # one phrase linked to two columns is used when either is
    city_s = ValueMatch("stores", "city", "Guangzhou", 0, 1, 1.0)
    city_c = ValueMatch("customers", "city", "Guangzhou", 0, 1, 1.0)
    assert value_defects("SELECT count(*) FROM stores s WHERE s.city = 'Guangzhou'", [city_s, city_c]) == 0


def test_a_linked_value_displaced_by_another_value_of_its_column_is_a_defect() -> None:
    from ask.checks.grounding import value_defects

    returned = ValueMatch("orders", "status", "returned", 4, 5, 1.0)
    displaced = "SELECT count(DISTINCT o.customer_id) FROM orders o WHERE o.status = 'completed'"
    assert value_defects(displaced, [returned]) == 1
    assert value_defects(displaced.replace("'completed'", "'returned'"), [returned]) == 0
    # the column used otherwise than equated with another value still counts as using the link
    assert value_defects("SELECT count(*) FILTER (WHERE o.status = 'returned') FROM orders o", [returned]) == 0
    assert value_defects("SELECT o.status, count(*) FROM orders o GROUP BY o.status", [returned]) == 0
    assert value_defects("SELECT count(*) FROM orders o WHERE o.status IN ('returned', 'cancelled')",
                         [returned]) == 0


def test_one_unused_threshold_replaces_one_ungrounded_constant() -> None:
    from ask.checks.grounding import ground_threshold

    having = "SELECT cu.name FROM customers cu GROUP BY cu.name HAVING sum(x * (1 - d)) > {}"
    assert ground_threshold(having.format(200000), "customers who spent over 80k") == having.format(80000)
    assert ground_threshold(having.format(5000000), "more than 1.5 million") == having.format(1500000)
    assert ground_threshold(having.format(80000), "customers who spent over 80k") == having.format(80000)
    # two candidates for the one constant, or none: left alone
    both = "spent over 80k or under 2k"
    assert ground_threshold(having.format(5), both) == having.format(5)
    assert ground_threshold(having.format(5), "big spenders") == having.format(5)


def test_one_unstated_window_takes_the_stated_one() -> None:
    from ask.checks.grounding import ground_period

    rolling = "SELECT 1 FROM orders o WHERE o.ordered_at >= current_date - interval '18 months'"
    assert ground_period(rolling, "in the last 12 months") == rolling.replace("18", "12")
    assert ground_period("SELECT 1 FROM o WHERE t >= current_date - 60", "past 90 days") == (
        "SELECT 1 FROM o WHERE t >= current_date - 90")
    last_month = ("SELECT 1 FROM o WHERE t >= date_trunc('month', current_date) - interval '1 month' "
                  "AND t < date_trunc('month', current_date)")
    assert ground_period(last_month, "sales last month") == last_month


def test_a_link_inside_a_longer_link_is_not_required() -> None:
    from ask.checks.grounding import value_defects

    city = ValueMatch("customers", "city", "Lanzhou", 0, 1, 1.0)
    name = ValueMatch("customers", "name", "Lanzhou Hengtai", 0, 2, 1.0)
    sql = "SELECT count(*) FROM customers cu WHERE cu.name = 'Lanzhou Hengtai'"
    assert value_defects(sql, [city, name]) == 0


def test_odd_statements_never_break_grounding() -> None:
    """Hex and underscore constants, CTEs, set operations, VALUES, broken SQL: no exception."""
    from ask.checks.grounding import ground_period, ground_threshold, ungrounded_numbers, value_defects

    odd = ["SELECT count(*) FROM orders o WHERE o.order_id > 0x10", "SELECT 1_000 > 5",
           "WITH t AS (SELECT * FROM orders) SELECT count(*) FROM t", "SELECT 1 UNION SELECT 2",
           "VALUES (1), (2)", "SELECT count(*) FROM", "", "SELECT 1 WHERE 99999999999999999999999 > 1"]
    for sql in odd:
        for question in ("orders over 5k in the last 12 months", ""):
            assert isinstance(ground_threshold(sql, question), str)
            assert ground_period(sql, question) == sql
            ungrounded_numbers(sql, question)
            value_defects(sql, [CARBON])
