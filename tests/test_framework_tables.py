"""Framework bookkeeping tables (ask/context/framework_tables.py): ASK reads a Django schema
without django_content_type and its kin, whose stored model names shadow the application's
tables, and keeps auth_user and every table of the application's own."""

from __future__ import annotations

from ask.context.framework_tables import FRAMEWORK_TABLES, without_framework_tables
from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

CONTENT_TYPE = Table("public", "django_content_type", (
    Column("id", "integer", False), Column("app_label", "character varying(100)", values=("accounts", "scheduling")),
    Column("model", "character varying(100)", values=("tutor", "session", "user"))), ("id",))
MIGRATIONS = Table("public", "django_migrations", (Column("id", "bigint", False), Column("app", "text"),
                                                   Column("name", "text"), Column("applied", "timestamp")), ("id",))
USER = Table("public", "auth_user", (Column("id", "integer", False), Column("first_name", "text"),
                                     Column("last_name", "text"), Column("date_joined", "timestamp")), ("id",))
TUTOR = Table("public", "accounts_tutor", (Column("id", "bigint", False), Column("user_id", "integer"),
                                  Column("hourly_rate", "numeric(8,2)")),
              ("id",), (ForeignKey(("user_id",), "public", "auth_user", ("id",)),))
TUTOR_SUBJECTS = Table("public", "accounts_tutor_subjects", (Column("id", "bigint", False), Column("tutor_id", "bigint"),
                                                        Column("subject", "text")),
                     ("id",), (ForeignKey(("tutor_id",), "public", "accounts_tutor", ("id",)),))
MIGRATIONS_OF_OUR_OWN = Table("public", "migrations", (Column("id", "integer", False), Column("herd", "text"),
                                                        Column("moved_on", "date")), ("id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (CONTENT_TYPE, MIGRATIONS, USER, TUTOR, TUTOR_SUBJECTS,
                                                 MIGRATIONS_OF_OUR_OWN))


def test_the_frameworks_tables_are_left_out_and_the_applications_kept() -> None:
    plain = without_framework_tables(SCHEMA)
    assert [t.name for t in plain.tables] == ["auth_user", "accounts_tutor", "accounts_tutor_subjects", "migrations"]
    assert without_framework_tables(SCHEMA) is plain                  # one filtered context per context
    ours = SchemaContext("db", "analyst", ("public",), (USER, TUTOR))
    assert without_framework_tables(ours) is ours
    assert {"django_content_type", "schema_migrations", "flyway_schema_history", "alembic_version"} <= FRAMEWORK_TABLES
    assert "auth_user" not in FRAMEWORK_TABLES and "migrations" not in FRAMEWORK_TABLES


def test_a_model_name_stored_by_the_framework_no_longer_answers_for_the_models_rows() -> None:
    question = "how many tutors are there"
    # with the framework's tables users got django_content_type's rows counted; now django_ and
    # accounts_ are two namespaces (ask/translate/sketch/namespaces.py) and "tutors" reads past one
    shadowed = read_question(question, SCHEMA, link_values(question, SCHEMA))
    assert shadowed is not None and shadowed.sql == "SELECT count(*) FROM accounts_tutor"
    plain = without_framework_tables(SCHEMA)
    reading = read_question(question, plain, link_values(question, plain))
    # no stored model name answers for the tutors; without the framework's tables one app of two
    # tables is too little to call accounts_ a namespace, so the reader places the question
    # nowhere (refused), never on the framework's rows
    assert reading is None or "django" not in reading.sql
