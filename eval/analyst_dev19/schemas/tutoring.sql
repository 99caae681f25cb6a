-- A tutoring marketplace built with Django: tables are <app>_<model>, people live in Django's
-- auth_user (tutors and students point to it with user_id), choices are lower-case strings,
-- money is integer cents, timestamps are timestamptz (USE_TZ = True).
CREATE TABLE django_content_type (
    id serial PRIMARY KEY,
    app_label varchar(100) NOT NULL,
    model varchar(100) NOT NULL,
    UNIQUE (app_label, model)
);
CREATE TABLE django_migrations (
    id bigserial PRIMARY KEY,
    app varchar(255) NOT NULL,
    name varchar(255) NOT NULL,
    applied timestamptz NOT NULL
);
CREATE TABLE django_session (
    session_key varchar(40) PRIMARY KEY,
    session_data text NOT NULL,
    expire_date timestamptz NOT NULL
);
CREATE TABLE auth_user (
    id serial PRIMARY KEY,
    password varchar(128) NOT NULL,
    last_login timestamptz,
    is_superuser boolean NOT NULL,
    username varchar(150) NOT NULL UNIQUE,
    first_name varchar(150) NOT NULL,
    last_name varchar(150) NOT NULL,
    email varchar(254) NOT NULL,
    is_staff boolean NOT NULL,
    is_active boolean NOT NULL,
    date_joined timestamptz NOT NULL
);
CREATE TABLE catalog_subject (
    id bigserial PRIMARY KEY,
    name varchar(80) NOT NULL UNIQUE,
    slug varchar(80) NOT NULL UNIQUE,
    level varchar(20) NOT NULL,
    is_active boolean NOT NULL
);
COMMENT ON COLUMN catalog_subject.level IS 'choices: elementary, high_school, college, test_prep';
CREATE TABLE accounts_tutor (
    id bigserial PRIMARY KEY,
    user_id integer NOT NULL UNIQUE REFERENCES auth_user(id) DEFERRABLE INITIALLY DEFERRED,
    headline varchar(200) NOT NULL,
    city varchar(80) NOT NULL,
    hourly_rate_cents integer NOT NULL,
    is_verified boolean NOT NULL,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
CREATE TABLE accounts_tutor_subjects (
    id bigserial PRIMARY KEY,
    tutor_id bigint NOT NULL REFERENCES accounts_tutor(id) DEFERRABLE INITIALLY DEFERRED,
    subject_id bigint NOT NULL REFERENCES catalog_subject(id) DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (tutor_id, subject_id)
);
CREATE TABLE accounts_student (
    id bigserial PRIMARY KEY,
    user_id integer NOT NULL UNIQUE REFERENCES auth_user(id) DEFERRABLE INITIALLY DEFERRED,
    grade_level smallint,
    parent_email varchar(254) NOT NULL,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
COMMENT ON COLUMN accounts_student.grade_level IS 'school grade 1-12; null for adult learners';
CREATE TABLE scheduling_availability (
    id bigserial PRIMARY KEY,
    tutor_id bigint NOT NULL REFERENCES accounts_tutor(id) DEFERRABLE INITIALLY DEFERRED,
    weekday smallint NOT NULL,
    start_time time NOT NULL,
    end_time time NOT NULL
);
COMMENT ON COLUMN scheduling_availability.weekday IS '0=Monday .. 6=Sunday';
CREATE TABLE scheduling_lesson (
    id bigserial PRIMARY KEY,
    tutor_id bigint NOT NULL REFERENCES accounts_tutor(id) DEFERRABLE INITIALLY DEFERRED,
    student_id bigint NOT NULL REFERENCES accounts_student(id) DEFERRABLE INITIALLY DEFERRED,
    subject_id bigint NOT NULL REFERENCES catalog_subject(id) DEFERRABLE INITIALLY DEFERRED,
    starts_at timestamptz NOT NULL,
    duration_minutes integer NOT NULL,
    status varchar(32) NOT NULL,
    price_cents integer NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
COMMENT ON COLUMN scheduling_lesson.status IS 'choices: requested, confirmed, completed, cancelled_by_student, no_show';
CREATE TABLE billing_invoice (
    id bigserial PRIMARY KEY,
    lesson_id bigint NOT NULL UNIQUE REFERENCES scheduling_lesson(id) DEFERRABLE INITIALLY DEFERRED,
    student_id bigint NOT NULL REFERENCES accounts_student(id) DEFERRABLE INITIALLY DEFERRED,
    amount_cents integer NOT NULL,
    issued_at timestamptz NOT NULL,
    paid_at timestamptz,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
CREATE TABLE billing_payout (
    id bigserial PRIMARY KEY,
    tutor_id bigint NOT NULL REFERENCES accounts_tutor(id) DEFERRABLE INITIALLY DEFERRED,
    amount_cents integer NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    method varchar(20) NOT NULL,
    paid_on date NOT NULL,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
COMMENT ON COLUMN billing_payout.method IS 'choices: bank_transfer, paypal';
CREATE TABLE reviews_review (
    id bigserial PRIMARY KEY,
    lesson_id bigint NOT NULL UNIQUE REFERENCES scheduling_lesson(id) DEFERRABLE INITIALLY DEFERRED,
    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment text NOT NULL,
    created timestamptz NOT NULL,
    modified timestamptz NOT NULL
);
CREATE INDEX scheduling_lesson_tutor_id ON scheduling_lesson (tutor_id);
CREATE INDEX scheduling_lesson_student_id ON scheduling_lesson (student_id);
