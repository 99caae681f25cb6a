"""Namespace prefixes (ask/translate/sketch/namespaces.py) and the people a profile table's rows
are (names.people_behind), on hand-made schemas none of the rules was written from: an ERP's
``hr_``/``fin_`` modules, a shop's real compound names, a clinic built with Django."""

from __future__ import annotations

from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.namespaces import namespaced


def _table(name: str, *columns: str, fks: tuple[tuple[str, str], ...] = ()) -> Table:
    cols = [Column("id", "integer", False)] + [Column(c.split(":")[0], (c.split(":") + ["text"])[1])
                                               for c in columns]
    return Table("public", name, tuple(cols), ("id",),
                 tuple(ForeignKey((c,), "public", ref, ("id",)) for c, ref in fks))


def _schema(*tables: Table) -> SchemaContext:
    return SchemaContext("db", "analyst", ("public",), tables)


def _sql(question: str, schema: SchemaContext) -> str | None:
    reading = read_question(question, schema, link_values(question, schema))
    return reading.sql if reading is not None else None


ERP = _schema(
    _table("hr_department", "department_name", "floor:integer"),
    _table("hr_employee", "first_name", "last_name", "department_id:integer", "salary:numeric(10,2)",
           fks=(("department_id", "hr_department"),)),
    _table("hr_job", "job_title", "min_salary:numeric(10,2)"),
    _table("hr_employee_skill", "employee_id:integer", "skill", "level:integer", fks=(("employee_id", "hr_employee"),)),
    _table("fin_invoice", "invoice_no", "amount:numeric(10,2)", "issued_on:date"),
    _table("fin_payment", "invoice_id:integer", "paid_amount:numeric(10,2)", "paid_on:date",
           fks=(("invoice_id", "fin_invoice"),)),
    _table("customers", "customer_name", "city"),
)


def test_module_prefixes_shared_by_several_tables_are_namespaces() -> None:
    stripped = namespaced(ERP)
    assert stripped == {"hr_department": ("department",), "hr_employee": ("employee",), "hr_job": ("job",),
                        "hr_employee_skill": ("employee", "skill"), "fin_invoice": ("invoice",),
                        "fin_payment": ("payment",)}
    assert "customers" not in stripped


def test_a_question_names_a_namespaced_table_by_what_it_holds() -> None:
    # "employee" is also a word of hr_employee_skill's name: only the namespace tells them apart
    sql = _sql("how many employees are there", ERP)
    assert sql == "SELECT count(*) FROM hr_employee"
    sql = _sql("employees with a salary above 5000", ERP)
    assert sql is not None and "hr_employee.first_name, hr_employee.last_name" in sql and "salary > 5000" in sql
    sql = _sql("departments on floor 3", ERP)
    assert sql is not None and "hr_department" in sql and "floor = 3" in sql


SHOP = _schema(
    _table("customers", "customer_name"),
    _table("customer_addresses", "customer_id:integer", "street", "city", fks=(("customer_id", "customers"),)),
    _table("orders", "customer_id:integer", "ordered_on:date", fks=(("customer_id", "customers"),)),
    _table("order_items", "order_id:integer", "product_id:integer", "quantity:integer",
           fks=(("order_id", "orders"), ("product_id", "products"))),
    _table("products", "product_name", "category_id:integer", fks=(("category_id", "product_categories"),)),
    _table("product_categories", "category_name"),
    _table("product_reviews", "product_id:integer", "stars:integer", fks=(("product_id", "products"),)),
)


def test_real_compounds_keep_their_parent_entity() -> None:
    # order_items beside orders, customer_addresses beside customers: the first word is a
    # parent entity (a table, a key column), not a namespace
    assert namespaced(SHOP) == {}


def test_two_tables_of_three_or_a_first_word_that_is_the_thing_are_no_namespace() -> None:
    tv = _schema(_table("cartoon", "title"), _table("tv_channel", "channel_name"), _table("tv_series", "episode"))
    assert namespaced(tv) == {}
    # boat_names, boats_data, boat_types: the rest says how a boat is kept; the boat is the thing
    boats = _schema(_table("boat_names", "label"), _table("boats_data", "length:integer"),
                    _table("boat_types", "type_name"), _table("harbours", "harbour_name"))
    assert namespaced(boats) == {}


CLINIC = _schema(   # a Django clinic: app labels, people's names only in auth_user
    _table("auth_user", "username", "first_name", "last_name", "email", "date_joined:timestamptz"),
    Table("public", "staff_nurse", (Column("id", "integer", False), Column("user_id", "integer"),
                                    Column("ward", "text", values=("Cardiology", "Oncology", "Maternity")),
                                    Column("is_senior", "boolean"), Column("created", "timestamptz")),
          ("id",), (ForeignKey(("user_id",), "public", "auth_user", ("id",)),)),
    _table("staff_doctor", "user_id:integer", "specialty", fks=(("user_id", "auth_user"),)),
    _table("care_patient", "full_name", "born_on:date", "contact_email"),
    _table("care_visit", "patient_id:integer", "doctor_id:integer", "visited_at:timestamptz",
           fks=(("patient_id", "care_patient"), ("doctor_id", "staff_doctor"))),
    _table("billing_claim", "visit_id:integer", "amount:numeric(10,2)", fks=(("visit_id", "care_visit"),)),
    _table("billing_insurer", "insurer_name"),
)


def test_an_apps_schema_is_namespaced_throughout() -> None:
    stripped = namespaced(CLINIC)
    assert stripped["staff_nurse"] == ("nurse",) and stripped["care_patient"] == ("patient",)
    assert stripped["billing_claim"] == ("claim",) and stripped["auth_user"] == ("user",)


def test_one_table_of_a_module_kept_as_notes_does_not_undo_the_namespace() -> None:
    crm = _schema(_table("crm_lead", "source"), _table("crm_opportunity", "stage", "amount:numeric(10,2)"),
                  _table("crm_account", "account_name"), _table("crm_note", "body"))
    assert namespaced(crm)["crm_lead"] == ("lead",) and namespaced(crm)["crm_note"] == ("note",)


COLLEGE = _schema(
    _table("sch_campus", "name", "city"),
    _table("sch_coursetype", "name", "credits:integer"),
    Table("public", "sch_course", (Column("id", "integer", False), Column("title", "text"),
                                   Column("course_type_id", "integer"), Column("campus_id", "integer")),
          ("id",), (ForeignKey(("course_type_id",), "public", "sch_coursetype", ("id",)),
                    ForeignKey(("campus_id",), "public", "sch_campus", ("id",))),
          comment="One course taught: a course type at a campus"),
    _table("sch_enrolment", "course_id:integer", "student", fks=(("course_id", "sch_course"),)),
)


def test_a_stripped_name_of_two_words_says_its_table_over_a_description_and_a_word_inside_it() -> None:
    # "course types": sch_coursetype, not sch_course (whose description says "a course type")
    sql = _sql("how many course types are there", COLLEGE)
    assert sql == "SELECT count(*) FROM sch_coursetype"
    sql = _sql("course types that have never been taught", COLLEGE)
    assert sql is not None and sql.startswith("SELECT sch_coursetype.name FROM sch_coursetype WHERE NOT EXISTS")
