"""ask/context/refusal.py without a database: which questions are refused, with which SQLSTATE and hint.

The schema is the demo's (demo/schema.sql) as a schema context would hold it, with the
low-cardinality values the value linker sees; the answerable questions are look-alikes of the
refused ones (data-changing words used as data, terse analytics phrasing, typos).
"""

from __future__ import annotations

import pytest

from ask.errors import DataChangeRequested, QuestionNotAnswerable
from ask.context.refusal import Refusal, assess, english, schema_vocabulary, write_intent
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.context.value_linking import link_values


def _fk(column: str, table: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, (column,))


DEMO = SchemaContext("askproxy_demo", "analyst", ("public",), (
    Table("public", "regions", (Column("region_id", "integer"), Column("name", "text", values=(
        "East China", "North China", "South China", "Central China", "Southwest China"))),
        ("region_id",), comment="Sales regions of the retail chain"),
    Table("public", "stores", (Column("store_id", "integer"), Column("name", "text", values=(
        "Shanghai Pudong", "Beijing Wangfujing", "Hohhot Zhongshan Road")),
        Column("city", "text", values=("Shanghai", "Beijing", "Hohhot")),
        Column("region_id", "integer"), Column("opened_on", "date")),
        ("store_id",), (_fk("region_id", "regions"),)),
    Table("public", "categories", (Column("category_id", "integer"), Column("name", "text", values=(
        "Electronics", "Home & Kitchen", "Books", "Furniture", "Toys & Games"))), ("category_id",)),
    Table("public", "products", (Column("product_id", "integer"), Column("name", "text"),
                                 Column("brand", "text", values=("Xiaomi", "Huawei", "Apple", "LEGO")),
                                 Column("category_id", "integer"), Column("unit_price", "numeric(10,2)")),
          ("product_id",), (_fk("category_id", "categories"),)),
    Table("public", "customers", (Column("customer_id", "integer"), Column("name", "text"),
                                  Column("city", "text"), Column("region_id", "integer"),
                                  Column("segment", "text", values=("Consumer", "Corporate", "Small Business")),
                                  Column("signup_date", "date")),
          ("customer_id",), (_fk("region_id", "regions"),)),
    Table("public", "orders", (Column("order_id", "integer"), Column("customer_id", "integer"),
                               Column("store_id", "integer"), Column("ordered_at", "timestamptz"),
                               Column("channel", "text", values=("online", "in-store")),
                               Column("status", "text", values=("completed", "cancelled", "returned"))),
          ("order_id",), (_fk("customer_id", "customers"), _fk("store_id", "stores"))),
    Table("public", "order_lines", (Column("order_id", "integer"), Column("line_no", "integer"),
                                    Column("product_id", "integer"), Column("quantity", "integer"),
                                    Column("unit_price", "numeric(10,2)"), Column("discount", "numeric(4,2)")),
          ("order_id", "line_no"), (_fk("order_id", "orders"), _fk("product_id", "products"))),
))


def refusal(question: str, schema: SchemaContext = DEMO) -> Refusal | None:
    return assess(question, schema, link_values(" ".join(question.split()), schema), targets=True)


ANSWERABLE = [
    # data-changing words used as data
    "how many orders were cancelled", "deleted accounts last month", "products added this year",
    "average discount given", "cancelled orders this week", "which customers cancelled the most orders",
    "change in revenue last month vs the month before", "% change in furniture units sold",
    "give me the top 5 products", "give me an update on sales this month",
    "create a list of the top 10 customers by revenue", "make a chart of revenue by month",
    "add up the revenue for East China last month", "set of brands we sell in electronics",
    "drop in orders last month by store", "increase in online revenue this year",
    "return the 5 most expensive products", "order the stores by revenue",
    "discount amount by store last month", "update: how many orders so far today",
    # terse analytics phrasing, abbreviations, typos, synonyms
    "total revenue last month", "AOV for online orders this year", "revenue yday",
    "how many custmers in Shanghai", "revnue from corporate customers this year",
    "electroincs revenue in online orders last month", "how many clients do we have",
    "top 3 shops by sales", "busiest store last quarter", "worst performing store this year",
    "cancellation rate this year", "return rate by region", "avg qty per order line",
    "categories averaging more than 2 units per line, with the avg qty",
    "small biz share of our customer base in %", "ytd revenue for electronics",
    "what did Lanzhou Hengtai Education Group buy this year", "sales in Paris",
    "gross revenue last month", "how many users ordered online",
    "how many orders", "orders", "which stores opened this year", "when did the Hohhot store open",
]


@pytest.mark.parametrize("question", ANSWERABLE)
def test_answerable_questions_are_not_refused(question: str) -> None:
    assert refusal(question) is None


WRITES = [
    ("drop the customers table", "drop"), ("delete all cancelled orders", "delete"),
    ("give every customer a 10% discount", "give"), ("add a new store", "add"),
    ("insert into regions values (8, 'Overseas')", "insert"),
    ("update the price of the Huawei Mate 60 Pro to 5999", "update"),
    ("set all order statuses to completed", "set"), ("truncate order_lines", "truncate"),
    ("change the segment of customer 17 to Corporate", "change"),
    ("rename the Shanghai Pudong store to Shanghai Lujiazui", "rename"),
    ("cancel all orders from last week", "cancel"), ("create a new table called vip_customers", "create"),
    ("could you please delete customer 42", "delete"), ("I want to remove all returned orders", "remove"),
    ("go ahead and wipe the orders table", "wipe"), ("get rid of duplicate customers", "get rid of"),
    ("DELETE FROM orders WHERE status = 'cancelled'", "delete"),
    ("list all orders; then truncate orders", "truncate"),
    ("ｄｅｌｅｔｅ ｆｒｏｍ ｏｒｄｅｒｓ", "delete"),       # NFKC: fullwidth letters
]


@pytest.mark.parametrize("question,verb", WRITES)
def test_requests_to_change_data_are_refused_with_42501(question: str, verb: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == "write"
    err = found.error()
    assert isinstance(err, DataChangeRequested) and isinstance(err, QuestionNotAnswerable)
    assert err.sqlstate == "42501"
    assert err.hint == f'ASK only reads data: "{verb}" asks to change it'


@pytest.mark.parametrize("question,hint", [
    ("asdfgh qwerty", '"asdfgh" and "qwerty" are not words this database or English knows'),
    ("xyzzy", '"xyzzy" is not a word this database or English knows'),
    ("lorem ipsum dolor sit amet", '"lorem", "ipsum", "dolor" and "amet" are not words this '
                                   'database or English knows'),
    ("???", "ask about the data, e.g. 'how many orders last month'"),
    ("1234 5678", "ask about the data, e.g. 'how many orders last month'"),
])
def test_gibberish_is_refused_with_42000(question: str, hint: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == "gibberish"
    err = found.error()
    assert (type(err), err.sqlstate, err.hint) == (QuestionNotAnswerable, "42000", hint)


@pytest.mark.parametrize("question,words", [
    ("what's the weather in Paris", '"weather" and "Paris" match'),
    ("who won the world cup", '"won", "world" and "cup" match'),
    ("tell me a joke", '"joke" matches'),
    ("average salary of customers", '"salary" matches'),
    ("how many employees do we have", '"employees" matches'),
    ("orders by payment method", '"payment" and "method" match'),
    ("stock level per product", '"stock" and "level" match'),
    # not refused since a target phrase with a schema word in it is taken as answerable
    # ("flights depart", "students enrolled" on Spider): "customer age distribution" is missed
    ("who is the manager of the Shanghai Pudong store", '"manager" matches'),
    ("what is our profit margin on furniture", '"profit" and "margin" match'),
    ("number of complaints per store", '"complaints" matches'),
    ("what is the price of gold", '"gold" matches'),
])
def test_questions_about_what_the_schema_lacks_are_refused_with_42000(question: str, words: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == "out_of_schema"
    err = found.error()
    assert (type(err), err.sqlstate) == (QuestionNotAnswerable, "42000")
    assert err.hint == f"{words} no table, column or stored value of this database"


def test_a_question_with_no_content_word_is_refused() -> None:
    found = refusal("what can you do")
    assert found is not None and found.kind == "out_of_schema" and found.words == ()
    assert found.error().message == "the question does not name anything this database holds"


def test_what_the_schema_holds_decides() -> None:
    """The same words are answerable where the schema holds them."""
    payroll = SchemaContext("hr", "r", ("public",), (
        Table("public", "employees", (Column("employee_id", "integer"), Column("name", "text"),
                                      Column("salary", "numeric"), Column("department", "text")),
              ("employee_id",)),))
    assert refusal("average salary of employees", payroll) is None
    assert refusal("how many staff per department", payroll) is None      # a synonym
    assert refusal("average salary of employees") is not None             # the demo schema
    commented = SchemaContext("db", "r", ("public",), (
        Table("public", "t1", (Column("c1", "text", comment="the customer's blood type"),)),))
    assert refusal("how many t1 per blood type", commented) is None       # from the comment


def test_links_make_words_known() -> None:
    from ask.context.value_linking import ValueMatch
    q = "what did Acme Widgets buy"
    words = refusal(q)
    assert words is None        # capitalised words may be values the links missed: no refusal
    lower = "how many zorblax"
    assert refusal(lower) is not None
    link = ValueMatch("products", "name", "Zorblax", 2, 3, 1.0)
    assert assess(lower, DEMO, [link]) is None


def test_write_intent_needs_an_object_after_the_verb() -> None:
    assert write_intent("delete") == "delete"
    assert write_intent("drop in revenue") is None
    assert write_intent("update on sales") is None
    assert write_intent("please, update: how many orders") is None
    assert write_intent("add together revenue of both regions") is None
    assert write_intent("create a table of top customers") is None
    assert write_intent("create table vip (id int)") == "create"


def test_vocabulary_and_lexicon() -> None:
    vocab = schema_vocabulary(DEMO)
    assert {"order", "line", "customer", "client", "shop", "segment", "retail"} <= vocab.names
    assert {"kitchen", "game"} <= vocab.values and "game" not in vocab.names
    assert vocab.measured
    words = english()
    assert 20_000 < len(words) < 30_000 and {"weather", "salary", "revenue"} <= words
    assert "asdfgh" not in words


# Two schemas unlike the demo's, with answerable questions written for them: the vocabulary
# must come from the schema and generic analytics words, not from retail.
SAAS = SchemaContext("saas", "r", ("public",), (
    Table("public", "users", (Column("user_id", "integer"), Column("email", "text"),
                              Column("country", "text", values=("US", "DE", "FR", "CN")),
                              Column("plan", "text", values=("free", "pro", "enterprise")),
                              Column("created_at", "timestamptz")), ("user_id",)),
    Table("public", "subscriptions", (Column("subscription_id", "integer"), Column("user_id", "integer"),
                                      Column("plan", "text"), Column("mrr", "numeric"),
                                      Column("started_at", "date"), Column("cancelled_at", "date")),
          ("subscription_id",)),
    Table("public", "invoices", (Column("invoice_id", "integer"), Column("user_id", "integer"),
                                 Column("amount", "numeric"), Column("issued_at", "date"),
                                 Column("paid", "boolean")), ("invoice_id",)),
    Table("public", "events", (Column("event_id", "integer"), Column("user_id", "integer"),
                               Column("event_type", "text", values=("login", "signup", "purchase", "page_view")),
                               Column("occurred_at", "timestamptz")), ("event_id",)),
))
FLIGHTS = SchemaContext("air", "r", ("public",), (
    Table("public", "airports", (Column("code", "text"), Column("city", "text"), Column("country", "text")),
          ("code",)),
    Table("public", "flights", (Column("flight_id", "integer"), Column("origin", "text"),
                                Column("destination", "text"), Column("departure_time", "timestamptz"),
                                Column("arrival_time", "timestamptz"),
                                Column("carrier", "text", values=("Delta", "United", "Lufthansa")),
                                Column("delay_minutes", "integer")), ("flight_id",)),
    Table("public", "bookings", (Column("booking_id", "integer"), Column("flight_id", "integer"),
                                 Column("passenger_id", "integer"), Column("fare", "numeric"),
                                 Column("class", "text", values=("economy", "business", "first"))),
          ("booking_id",)),
    Table("public", "passengers", (Column("passenger_id", "integer"), Column("name", "text"),
                                   Column("frequent_flyer", "boolean")), ("passenger_id",)),
))
OTHER_ANSWERABLE = [(SAAS, q) for q in (
    "how many users signed up last month", "monthly recurring revenue by plan", "total mrr this year",
    "churned subscriptions last quarter", "how many pro users in Germany", "users by country",
    "unpaid invoices", "total invoice amount last month", "average invoice amount per user",
    "how many logins yesterday", "daily active users last week", "page views per day",
    "top 10 customers by revenue", "conversion from free to pro", "which plan has the most users",
    "how many subscriptions were cancelled this year", "cancellation rate by plan",
    "users who never logged in", "accounts created this week", "arpu by country")] + [
    (FLIGHTS, q) for q in (
    "how many flights departed from JFK yesterday", "average delay by carrier",
    "most delayed routes last month", "which airport has the most departures",
    "flights to Paris this week", "average fare in business class",
    "how many passengers flew first class", "top 5 destinations by bookings",
    "late arrivals per carrier", "how many frequent flyers booked last month", "busiest airport",
    "on-time rate by carrier", "revenue per flight", "cheapest fare to London",
    "number of flights per day")]


@pytest.mark.parametrize("schema,question", OTHER_ANSWERABLE, ids=[q for _, q in OTHER_ANSWERABLE])
def test_answerable_questions_on_other_schemas(schema: SchemaContext, question: str) -> None:
    assert refusal(question, schema) is None


@pytest.mark.parametrize("schema,question,kind", [
    (SAAS, "drop the users table", "write"), (SAAS, "what's the weather in Berlin", "out_of_schema"),
    (SAAS, "average salary of engineers", "out_of_schema"), (SAAS, "tickets by priority", "out_of_schema"),
    (FLIGHTS, "cancel flight 123", "write"), (FLIGHTS, "crew members per flight", "out_of_schema"),
    (FLIGHTS, "fuel consumption by aircraft", "out_of_schema"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_unanswerable_questions_on_other_schemas(schema: SchemaContext, question: str, kind: str) -> None:
    found = refusal(question, schema)
    assert found is not None and found.kind == kind


def test_configuration_key() -> None:
    from proxy.config import ConfigError, load
    assert load(None).ask.refuse_unanswerable is True
    assert load("config/askproxy.toml").ask.refuse_unanswerable is True
    assert load(None, {"ask": {"refuse_unanswerable": False}}).ask.refuse_unanswerable is False
    with pytest.raises(ConfigError, match="refuse_unanswerable"):
        load(None, {"ask": {"refuse_unanswerable": "no"}})


def test_a_capital_at_the_start_is_no_name() -> None:
    found = refusal("Salary by region")
    assert found is not None and found.words == ("Salary",)


def test_names_written_without_separators_are_read_as_words() -> None:
    from ask.context.refusal import split_compound

    assert split_compound("highschooler") == ["high", "schooler"]
    assert split_compound("governmentform") == ["government", "form"]
    assert split_compound("headofstate") == ["head", "of", "state"]
    assert split_compound("customer") == ["customer"]


def test_a_spelled_out_short_column_name_is_known() -> None:
    """"miles per gallon" names a column ``mpg``; "high schoolers" a table ``highschooler``."""
    from ask.context.refusal import assess
    from ask.schema import Column, SchemaContext, Table

    schema = SchemaContext("db", "r", ("public",), (
        Table("public", "cars_data", (Column("id", "integer"), Column("mpg", "numeric"),
                                      Column("cylinders", "integer"))),
        Table("public", "highschooler", (Column("id", "integer"), Column("name", "text"),
                                         Column("grade", "integer")))))
    assert assess("What is the average miles per gallon of the cars with 4 cylinders?", schema) is None
    assert assess("How many high schoolers are there?", schema) is None
    assert assess("what is the average salary of the cars", schema, targets=True) is not None
    assert assess("what is the average salary of the cars", schema) is None    # the default


def test_by_default_a_question_naming_the_schema_is_answered() -> None:
    """Unknown words beside a schema word may be synonyms ("nations" for ``country``): only a
    question that names nothing of the schema is refused as out of scope by default."""
    assert assess("average salary per store", DEMO) is None
    assert assess("how many nations are there", DEMO) is not None
    assert assess("what's the weather in Paris", DEMO) is not None


def test_the_readers_english_anchors_a_question() -> None:
    """A synonym of a name ("learners" for ``Student``), an irregular plural's synonym ("kids"
    for ``tbl_child``) and a unit written after a measure ("litres" for ``qty_l``) tie a
    question to the schema, as they do for the reader (``ask/context/related_words.py``);
    words the schema holds in no spelling are still refused."""
    schema = SchemaContext("db", "r", ("public",), (
        Table("public", "Student", (Column("id", "integer"), Column("firstName", "text"),
                                    Column("dateOfBirth", "date")), ("id",)),
        Table("public", "tbl_child", (Column("child_id", "integer"), Column("first_nm", "text")), ("child_id",)),
        Table("public", "t_fuel_sale", (Column("id", "integer"), Column("qty_l", "numeric(7,1)"),
                                        Column("sale_ts", "timestamp")), ("id",))))
    assert assess("learners under 18", schema) is None
    assert assess("kids under 3", schema) is None
    assert assess("how many litres", schema) is None
    refused = assess("how many nurses", schema)
    assert refused is not None and refused.kind == "out_of_schema"
    assert assess("what's the weather in Paris", schema) is not None
