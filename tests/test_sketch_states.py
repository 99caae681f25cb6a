"""Words that say a condition of the rows, not a stored value (``ask/translate/sketch/states.py``),
and the general English entity and measure words a property company's analysts use
(``ask/context/related_words.py``, ``fact_choice``): each read from the schema's shape, and
left alone on a schema where it does not apply. Pure: hand-made schemas, read by the reader
alone (no database)."""

from __future__ import annotations

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question


def _fk(column: str, table: str, ref: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, (ref,))


def _pk(name: str) -> Column:
    return Column(name, "integer", False)


PROPERTIES = Table("public", "properties", (_pk("property_id"), Column("name", "text", False),
                                            Column("city", "text", False), Column("year_built", "integer", False)),
                   ("property_id",))
UNITS = Table("public", "units", (_pk("unit_id"), Column("property_id", "integer", False),
                                  Column("unit_number", "text", False), Column("bedrooms", "smallint", False),
                                  Column("market_rent", "numeric(10,2)", False)),
              ("unit_id",), (_fk("property_id", "properties", "property_id"),))
TENANTS = Table("public", "tenants", (_pk("tenant_id"), Column("first_name", "text", False),
                                      Column("last_name", "text", False), Column("date_of_birth", "date", False)),
                ("tenant_id",))
LEASES = Table("public", "leases", (_pk("lease_id"), Column("unit_id", "integer", False),
                                    Column("tenant_id", "integer", False), Column("start_date", "date", False),
                                    Column("end_date", "date"), Column("monthly_rent", "numeric(10,2)", False)),
               ("lease_id",), (_fk("unit_id", "units", "unit_id"), _fk("tenant_id", "tenants", "tenant_id")))
PAYMENTS = Table("public", "rent_payments", (_pk("payment_id"), Column("lease_id", "integer", False),
                                             Column("rent_month", "date", False), Column("paid_on", "date", False),
                                             Column("amount", "numeric(10,2)", False),
                                             Column("late_fee", "numeric(8,2)", False)),
                 ("payment_id",), (_fk("lease_id", "leases", "lease_id"),))
VENDORS = Table("public", "vendors", (_pk("vendor_id"), Column("company_name", "text", False),
                                      Column("hourly_rate", "numeric(8,2)", False)), ("vendor_id",))
REQUESTS = Table("public", "maintenance_requests", (
    _pk("request_id"), Column("unit_id", "integer", False), Column("vendor_id", "integer"),
    Column("opened_at", "timestamp with time zone", False), Column("completed_at", "timestamp with time zone"),
    Column("cost", "numeric(10,2)")), ("request_id",),
    (_fk("unit_id", "units", "unit_id"), _fk("vendor_id", "vendors", "vendor_id")))

PROPERTY = SchemaContext("db", "analyst", ("public",),
                         (PROPERTIES, UNITS, TENANTS, LEASES, PAYMENTS, VENDORS, REQUESTS))

RUNNING = "EXISTS (SELECT 1 FROM leases WHERE leases.unit_id = units.unit_id AND leases.end_date IS NULL)"


def _sql(question: str, schema: SchemaContext = PROPERTY) -> str:
    reading = read_question(question, schema)
    assert reading is not None and not reading.uncovered, (question, reading)
    return reading.sql


def test_vacant_and_occupied_rows_are_those_no_or_some_running_row_refers_to() -> None:
    """A unit is vacant when no lease still running refers to it; the repair requests, a span
    that is worked on (opened, completed), occupy nothing."""
    assert _sql("how many units are vacant right now") == f"SELECT count(*) FROM units WHERE NOT {RUNNING}"
    assert _sql("how many occupied units") == f"SELECT count(*) FROM units WHERE {RUNNING}"
    assert _sql("what percent of units are occupied") == \
        f"SELECT 100.0 * count(*) FILTER (WHERE {RUNNING}) / count(*) FROM units"
    assert _sql("occupancy rate of our units") == \
        f"SELECT 100.0 * count(*) FILTER (WHERE {RUNNING}) / count(*) FROM units"
    leased = SchemaContext("db", "analyst", ("public",), (PROPERTIES, UNITS, Table(
        "public", "leases", tuple(c for c in LEASES.columns if c.name != "tenant_id"), ("lease_id",),
        LEASES.foreign_keys[:1])))
    assert _sql("occupancy rate", leased) == f"SELECT 100.0 * count(*) FILTER (WHERE {RUNNING}) / count(*) FROM units"
    # leases refer to tenants too: which rows "occupancy" is of, the question must say
    assert read_question("occupancy rate", PROPERTY) is None


def test_vacant_is_not_read_where_nothing_or_several_things_occupy_the_rows() -> None:
    """Without a tenancy-like table (only repair requests refer to the units), or with two (leases
    and bookings), "vacant" says nothing the schema holds; nor of a table with a span of its own."""
    no_leases = SchemaContext("db", "analyst", ("public",), (PROPERTIES, UNITS, VENDORS, REQUESTS))
    reading = read_question("how many units are vacant", no_leases)
    assert reading is None or "EXISTS" not in reading.sql and reading.uncovered
    bookings = Table("public", "bookings", (_pk("booking_id"), Column("unit_id", "integer", False),
                                            Column("check_in", "date", False), Column("check_out", "date")),
                     ("booking_id",), (_fk("unit_id", "units", "unit_id"),))
    two = SchemaContext("db", "analyst", ("public",), (PROPERTIES, UNITS, TENANTS, LEASES, bookings))
    reading = read_question("how many units are vacant", two)
    assert reading is None or "EXISTS" not in reading.sql and reading.uncovered
    reading = read_question("how many leases are vacant", PROPERTY)
    assert reading is None or "EXISTS" not in reading.sql


def test_expired_rows_are_those_whose_span_ended_before_today() -> None:
    assert _sql("how many expired leases") == "SELECT count(*) FROM leases WHERE leases.end_date < current_date"
    contracts = SchemaContext("db", "analyst", ("public",), (Table(
        "public", "contracts", (_pk("contract_id"), Column("client", "text", False),
                                Column("start_date", "date", False), Column("end_date", "date", False)),
        ("contract_id",)),))
    assert _sql("how many contracts have expired", contracts) == \
        "SELECT count(*) FROM contracts WHERE contracts.end_date < current_date"
    reading = read_question("how many expired vendors", PROPERTY)      # no span: nothing expires
    assert reading is None or "current_date" not in reading.sql


def test_late_rows_are_those_with_a_late_amount_where_nothing_is_due() -> None:
    assert _sql("what % of rent payments came in late") == \
        "SELECT 100.0 * count(*) FILTER (WHERE rent_payments.late_fee > 0) / count(*) FROM rent_payments"
    assert _sql("total late fees") == "SELECT sum(rent_payments.late_fee) FROM rent_payments"
    assert _sql("how many leases never had a late payment") == (
        "SELECT count(*) FROM leases WHERE NOT EXISTS (SELECT 1 FROM rent_payments WHERE "
        "rent_payments.lease_id = leases.lease_id AND rent_payments.late_fee > 0)")
    invoices = SchemaContext("db", "analyst", ("public",), (Table(
        "public", "invoices", (_pk("invoice_id"), Column("due_date", "date", False), Column("paid_on", "date"),
                               Column("late_fee", "numeric(8,2)", False)), ("invoice_id",)),))
    reading = read_question("how many invoices were paid late", invoices)
    assert reading is not None and "late_fee" not in reading.sql     # due and paid dates say it


def test_how_old_is_the_age_a_birth_date_or_a_year_built_implies() -> None:
    assert _sql("how old is the tenant with id 4").startswith(
        "SELECT date_part('year', age(tenants.date_of_birth)) FROM tenants")
    assert _sql("how old is the property with id 3").startswith(
        "SELECT extract(year FROM current_date) - properties.year_built FROM properties")
    assert _sql("oldest building") == (
        "SELECT properties.name, extract(year FROM current_date) - properties.year_built FROM properties "
        "ORDER BY extract(year FROM current_date) - properties.year_built DESC NULLS LAST LIMIT 1")
    marina = SchemaContext("db", "analyst", ("public",), (
        Table("public", "t_owner", (_pk("id"), Column("nm", "text"), Column("dob", "date")), ("id",)),
        Table("public", "t_boat", (_pk("id"), Column("owner_id", "integer"), Column("built_yr", "integer")), ("id",),
              (_fk("owner_id", "t_owner", "id"),))))
    assert _sql("average age of boat owners", marina) == \
        "SELECT avg(date_part('year', age(t_owner.dob))) FROM t_owner"
    lines = SchemaContext("db", "analyst", ("public",), (Table(
        "public", "line", (_pk("line_id"), Column("line_nm", "text"), Column("commissioned_dt", "date")),
        ("line_id",)),))
    assert _sql("how old is the line with id 2", lines).startswith(
        "SELECT date_part('year', age(line.commissioned_dt)) FROM line")
    cars = SchemaContext("db", "analyst", ("public",), (Table(
        "public", "cars", (_pk("car_id"), Column("model", "text"), Column("model_year", "integer")), ("car_id",)),))
    reading = read_question("average age of cars", cars)        # a model year is no year of making
    assert reading is None or "extract(year FROM current_date)" not in reading.sql


def test_a_property_company_words_its_entities_in_general_english() -> None:
    assert _sql("how many 2 bedroom flats") == "SELECT count(*) FROM units WHERE units.bedrooms = 2"
    assert _sql("how many renters") == "SELECT count(*) FROM tenants"
    assert _sql("contractors with an hourly rate under 70") == \
        "SELECT vendors.company_name FROM vendors WHERE vendors.hourly_rate < 70"
    assert _sql("number of repairs that cost more than the average repair") == (
        "SELECT count(*) FROM maintenance_requests WHERE maintenance_requests.cost > "
        "(SELECT avg(maintenance_requests.cost) FROM maintenance_requests)")
    assert _sql("how many cities are our buildings in") == "SELECT count(DISTINCT properties.city) FROM properties"


def test_the_words_called_for_rows_stay_with_a_schema_own_names() -> None:
    """A schema that has its own contractors, buildings and flats keeps the words for them; a
    building is no property of a product, nor "buildings" the year something was built."""
    own = SchemaContext("db", "analyst", ("public",), (
        Table("public", "vendors", (_pk("vendor_id"), Column("company_name", "text")), ("vendor_id",)),
        Table("public", "contractors", (_pk("contractor_id"), Column("full_name", "text")), ("contractor_id",)),
        Table("public", "buildings", (_pk("building_id"), Column("name", "text")), ("building_id",)),
        Table("public", "properties", (_pk("property_id"), Column("name", "text")), ("property_id",)),
    ))
    assert _sql("how many contractors", own) == "SELECT count(*) FROM contractors"
    assert _sql("how many buildings", own) == "SELECT count(*) FROM buildings"
    catalogue = SchemaContext("db", "analyst", ("public",), (
        Table("public", "products", (_pk("product_id"), Column("name", "text"), Column("year_built", "integer")),
              ("product_id",)),
        Table("public", "product_properties", (_pk("id"), Column("product_id", "integer"), Column("key", "text"),
                                               Column("value", "text")), ("id",),
              (_fk("product_id", "products", "product_id"),)),
    ))
    reading = read_question("how many buildings", catalogue)
    assert reading is None or reading.uncovered or "year_built" not in reading.sql


def test_money_collected_is_the_paid_amount_dated_when_paid() -> None:
    """"rent collected": the payments' amount, not the lease's listed rent, dated by when it was
    paid, not the month it was for; "rent" alone stays the listed rent."""
    month = ("rent_payments.paid_on >= date_trunc('month', current_date) - interval '1 month' "
             "AND rent_payments.paid_on < date_trunc('month', current_date)")
    assert _sql("rent collected last month") == f"SELECT sum(rent_payments.amount) FROM rent_payments WHERE {month}"
    reading = read_question("total rent paid on Dallas properties", PROPERTY)    # no value linked here
    assert reading is not None and reading.sql.startswith("SELECT sum(rent_payments.amount) FROM rent_payments")
    assert "paid_on" not in reading.sql
    assert _sql("average monthly rent") == "SELECT avg(leases.monthly_rent) FROM leases"


def test_a_period_of_rows_that_ended_is_on_their_end_date() -> None:
    """"leases that ended this year", "jobs finished last month": the span's end date, not its
    start; the rows alone are dated by their start."""
    assert _sql("how many leases ended this year") == \
        "SELECT count(*) FROM leases WHERE leases.end_date >= date_trunc('year', current_date)"
    assert _sql("how many leases started this year") == \
        "SELECT count(*) FROM leases WHERE leases.start_date >= date_trunc('year', current_date)"
    assert _sql("how many leases have ended") == "SELECT count(*) FROM leases WHERE leases.end_date IS NOT NULL"


def test_a_flag_named_with_its_suffix_is_negated_too() -> None:
    """``active_flg``: "inactive" is NOT active_flg, as for a column named ``active``."""
    products = SchemaContext("db", "analyst", ("public",), (Table(
        "public", "product", (Column("sku", "text", False), Column("product_desc", "text"),
                              Column("active_flg", "boolean", False)), ("sku",)),))
    assert _sql("how many inactive products", products) == \
        "SELECT count(*) FROM product WHERE NOT product.active_flg"
    assert _sql("how many active products", products) == "SELECT count(*) FROM product WHERE product.active_flg"
