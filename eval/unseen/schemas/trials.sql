-- Clinical trials sponsor/CRO database: snake_case plural tables, documented columns.

CREATE TABLE sponsors (
    sponsor_id    integer PRIMARY KEY,
    sponsor_name  text NOT NULL UNIQUE,
    sponsor_type  text NOT NULL,
    hq_country    text NOT NULL
);

CREATE TABLE trials (
    trial_id                  integer PRIMARY KEY,
    nct_number                char(11) NOT NULL UNIQUE,
    acronym                   text NOT NULL UNIQUE,
    title                     text NOT NULL,
    sponsor_id                integer NOT NULL REFERENCES sponsors (sponsor_id),
    phase                     text NOT NULL,
    therapeutic_area          text NOT NULL,
    status                    text NOT NULL,
    start_date                date NOT NULL,
    end_date                  date,
    target_enrollment         integer NOT NULL,
    is_double_blind           boolean NOT NULL
);

CREATE TABLE sites (
    site_id    integer PRIMARY KEY,
    site_name  text NOT NULL UNIQUE,
    city       text NOT NULL,
    country    text NOT NULL
);

CREATE TABLE investigators (
    investigator_id  integer PRIMARY KEY,
    site_id          integer NOT NULL REFERENCES sites (site_id),
    first_name       text NOT NULL,
    last_name        text NOT NULL,
    degree           text NOT NULL,
    specialty        text NOT NULL
);

CREATE TABLE trial_sites (
    trial_id         integer NOT NULL REFERENCES trials (trial_id),
    site_id          integer NOT NULL REFERENCES sites (site_id),
    pi_id            integer NOT NULL REFERENCES investigators (investigator_id),
    activated_on     date NOT NULL,
    closed_on        date,
    PRIMARY KEY (trial_id, site_id)
);

CREATE TABLE arms (
    arm_id      integer PRIMARY KEY,
    trial_id    integer NOT NULL REFERENCES trials (trial_id),
    arm_code    char(1) NOT NULL,
    arm_name    text NOT NULL,
    is_placebo  boolean NOT NULL,
    UNIQUE (trial_id, arm_code)
);

CREATE TABLE participants (
    participant_id     integer PRIMARY KEY,
    subject_code       text NOT NULL UNIQUE,
    trial_id           integer NOT NULL REFERENCES trials (trial_id),
    site_id            integer NOT NULL REFERENCES sites (site_id),
    arm_id             integer NOT NULL REFERENCES arms (arm_id),
    sex                char(1) NOT NULL,
    birth_date         date NOT NULL,
    enrolled_on        date NOT NULL,
    completed_on       date,
    withdrawn_on       date,
    withdrawal_reason  text
);
CREATE INDEX ON participants (trial_id);

CREATE TABLE visits (
    visit_id        integer PRIMARY KEY,
    participant_id  integer NOT NULL REFERENCES participants (participant_id),
    visit_name      text NOT NULL,
    scheduled_date  date NOT NULL,
    visit_date      date
);
CREATE INDEX ON visits (participant_id);

CREATE TABLE adverse_events (
    ae_id            integer PRIMARY KEY,
    participant_id   integer NOT NULL REFERENCES participants (participant_id),
    ae_term          text NOT NULL,
    onset_date       date NOT NULL,
    resolved_date    date,
    severity         text NOT NULL,
    is_serious       boolean NOT NULL,
    related_to_drug  boolean NOT NULL
);
CREATE INDEX ON adverse_events (participant_id);

COMMENT ON COLUMN trials.acronym IS 'Short study name used internally, e.g. HORIZON-2';
COMMENT ON COLUMN trials.status IS 'not yet recruiting, recruiting, active not recruiting, completed or terminated';
COMMENT ON COLUMN trials.end_date IS 'Study completion or termination date; NULL while ongoing';
COMMENT ON COLUMN trials.target_enrollment IS 'Planned number of participants';
COMMENT ON COLUMN trial_sites.pi_id IS 'Principal investigator at this site';
COMMENT ON COLUMN trial_sites.closed_on IS 'Site close-out date; NULL while the site is open';
COMMENT ON COLUMN participants.sex IS 'F or M';
COMMENT ON COLUMN participants.enrolled_on IS 'Date of randomisation';
COMMENT ON COLUMN participants.completed_on IS 'Date the participant completed the study';
COMMENT ON COLUMN participants.withdrawn_on IS 'Date of early withdrawal; NULL if never withdrawn';
COMMENT ON COLUMN visits.visit_date IS 'Actual visit date; NULL when the visit did not take place (yet)';
COMMENT ON COLUMN adverse_events.severity IS 'mild, moderate or severe';
COMMENT ON COLUMN adverse_events.is_serious IS 'Serious adverse event (SAE)';
COMMENT ON COLUMN adverse_events.related_to_drug IS 'Investigator assessed the event as related to the study drug';
COMMENT ON COLUMN adverse_events.resolved_date IS 'NULL while the event is ongoing';
