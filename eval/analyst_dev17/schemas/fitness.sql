-- A fitness club chain's Django project: apps gym, billing and training.
CREATE TABLE gym_club (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL UNIQUE,
    city varchar(60) NOT NULL,
    opened_on date NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE TABLE billing_membershipplan (
    id bigserial PRIMARY KEY,
    name varchar(60) NOT NULL UNIQUE,
    monthly_fee numeric(8,2) NOT NULL,
    min_term_months integer NOT NULL,
    includes_classes boolean NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE TABLE gym_member (
    id bigserial PRIMARY KEY,
    first_name varchar(60) NOT NULL,
    last_name varchar(60) NOT NULL,
    email varchar(254) NOT NULL UNIQUE,
    birth_date date NOT NULL,
    home_club_id bigint NOT NULL REFERENCES gym_club(id),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE INDEX gym_member_home_club_id ON gym_member(home_club_id);
CREATE TABLE billing_membership (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES gym_member(id),
    plan_id bigint NOT NULL REFERENCES billing_membershipplan(id),
    start_date date NOT NULL,
    end_date date,
    status varchar(1) NOT NULL,
    frozen_until date,
    created_at timestamptz NOT NULL
);
COMMENT ON COLUMN billing_membership.status IS 'A = active, F = frozen (paused until frozen_until), C = cancelled (end_date set)';
CREATE INDEX billing_membership_member_id ON billing_membership(member_id);
CREATE TABLE billing_payment (
    id bigserial PRIMARY KEY,
    membership_id bigint NOT NULL REFERENCES billing_membership(id),
    amount numeric(8,2) NOT NULL,
    method varchar(2) NOT NULL,
    paid_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
);
COMMENT ON COLUMN billing_payment.method IS 'DD = direct debit, CC = card, CA = cash at the desk';
CREATE TABLE gym_trainer (
    id bigserial PRIMARY KEY,
    first_name varchar(60) NOT NULL,
    last_name varchar(60) NOT NULL,
    club_id bigint NOT NULL REFERENCES gym_club(id),
    hourly_rate numeric(6,2) NOT NULL,
    hired_on date NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE TABLE gym_classtype (
    id bigserial PRIMARY KEY,
    name varchar(60) NOT NULL UNIQUE,
    duration_minutes integer NOT NULL,
    intensity varchar(1) NOT NULL,
    created_at timestamptz NOT NULL
);
COMMENT ON COLUMN gym_classtype.intensity IS 'L = low, M = medium, H = high';
CREATE TABLE gym_classsession (
    id bigserial PRIMARY KEY,
    class_type_id bigint NOT NULL REFERENCES gym_classtype(id),
    club_id bigint NOT NULL REFERENCES gym_club(id),
    trainer_id bigint NOT NULL REFERENCES gym_trainer(id),
    starts_at timestamptz NOT NULL,
    capacity integer NOT NULL,
    is_cancelled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);
COMMENT ON TABLE gym_classsession IS 'One scheduled class: a class type at a club, led by a trainer';
CREATE TABLE gym_booking (
    id bigserial PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES gym_classsession(id),
    member_id bigint NOT NULL REFERENCES gym_member(id),
    booked_at timestamptz NOT NULL,
    attended boolean NOT NULL DEFAULT false,
    cancelled_at timestamptz,
    UNIQUE (session_id, member_id)
);
COMMENT ON TABLE gym_booking IS 'Through table of ClassSession.attendees (members booked on a class); attended is marked at the door';
CREATE TABLE training_ptpackage (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES gym_member(id),
    trainer_id bigint NOT NULL REFERENCES gym_trainer(id),
    sessions_total integer NOT NULL,
    sessions_used integer NOT NULL,
    price numeric(8,2) NOT NULL,
    purchased_at timestamptz NOT NULL,
    expires_on date NOT NULL
);
COMMENT ON TABLE training_ptpackage IS 'A personal-training package: a block of one-to-one sessions with a trainer';
