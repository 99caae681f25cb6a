"""Tables an application framework keeps for itself, no data anyone asks about: Django's
migrations, content types, sessions and permissions, Rails' ``schema_migrations``, the
migration ledgers of Flyway, Liquibase, Alembic, Entity Framework, Knex, Sequelize, Prisma,
Diesel and goose. Left in a role's schema, their names and stored values shadow the
application's own: Django's ``django_content_type`` stores every model's name ("tutor"), so
"how many tutors" counted content-type rows. ASK reads the schema without them (Django's
``auth_user`` stays: it holds the people the application's tables point to).

The names are exact (compared case-insensitively): a table of the application's own that
happens to hold migrations (``migrations``, ``sessions``) keeps its name's ordinary reading."""

from __future__ import annotations

from dataclasses import replace

from ask.schema import SchemaContext, Table

FRAMEWORK_TABLES = frozenset((
    # Django (django.contrib: migrations, contenttypes, sessions, admin, sites, auth's groups
    # and permissions)
    "django_migrations", "django_content_type", "django_session", "django_admin_log", "django_site",
    "auth_permission", "auth_group", "auth_group_permissions", "auth_user_groups",
    "auth_user_user_permissions",
    # Rails (Active Record), golang-migrate, dbmate
    "schema_migrations", "ar_internal_metadata",
    # Flyway, Liquibase, Alembic, Entity Framework, Knex, Sequelize, Prisma, Diesel, goose
    "flyway_schema_history", "databasechangelog", "databasechangeloglock", "alembic_version",
    "__efmigrationshistory", "knex_migrations", "knex_migrations_lock", "sequelizemeta",
    "_prisma_migrations", "__diesel_schema_migrations", "goose_db_version",
))


def is_framework_table(table: Table) -> bool:
    return table.name.lower() in FRAMEWORK_TABLES


def without_framework_tables(schema: SchemaContext) -> SchemaContext:
    """``schema`` without the tables of :data:`FRAMEWORK_TABLES`; the same object when it has
    none, else one filtered context per cached context (its derived structures built once).
    Asked on every ASK: the tables are scanned once per context, not per question."""
    if not schema.derived("has_framework_tables", lambda s: any(is_framework_table(t) for t in s.tables)):
        return schema
    return schema.derived("without_framework_tables", lambda s: replace(
        s, tables=tuple(t for t in s.tables if not is_framework_table(t))))
