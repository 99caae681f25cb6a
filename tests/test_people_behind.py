"""The people a profile table's rows are (ask/translate/sketch/names.py people_behind): a table
with no name of its own whose one key is a user's or person's row, listed by that row's first and
last names; on hand-made schemas none of the rules was written from."""

from __future__ import annotations

from ask.translate.sketch.names import people_behind
from tests.test_namespaces import CLINIC, SHOP, _schema, _sql


def test_a_profile_is_listed_by_its_users_names() -> None:
    people = people_behind(CLINIC)
    assert {name: t.name for name, t in people.items()} == {"staff_nurse": "auth_user", "staff_doctor": "auth_user"}
    sql = _sql("nurses in the cardiology ward", CLINIC)
    assert sql is not None and "auth_user.first_name, auth_user.last_name" in sql
    assert "JOIN auth_user ON staff_nurse.user_id = auth_user.id" in sql
    count = _sql("how many senior nurses are there", CLINIC)
    assert count is not None and "count(*)" in count and "auth_user" not in count


def test_a_role_or_an_event_is_no_profile() -> None:
    # a visit refers to a patient: what a patient did, not who they are; an order to its customer
    assert "care_visit" not in people_behind(CLINIC)
    assert people_behind(SHOP) == {}


def test_a_group_of_profiles_is_shown_by_their_users_names() -> None:
    sql = _sql("number of visits per doctor", CLINIC)
    assert sql is not None and sql.startswith("SELECT auth_user.first_name, auth_user.last_name, count(*)")
    assert "JOIN auth_user ON staff_doctor.user_id = auth_user.id" in sql
    assert sql.endswith("GROUP BY staff_doctor.id, auth_user.first_name, auth_user.last_name")


def test_a_profiles_column_the_person_holds_and_a_negated_flag() -> None:
    # "emails": auth_user's, the people table the named nurses are, joined by the profile's key;
    # "aren't" negates the flag as "not" does
    patients_first = _schema(*sorted(CLINIC.tables, key=lambda t: t.name != "care_patient"))   # contact_email first
    sql = _sql("emails of the nurses who aren't senior", patients_first)
    assert sql is not None and sql.startswith("SELECT auth_user.email FROM")
    assert "staff_nurse.user_id = auth_user.id" in sql and "WHERE NOT staff_nurse.is_senior" in sql
