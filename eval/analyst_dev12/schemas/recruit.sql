-- A recruitment agency's placement database, as its in-house developers built it: plain
-- snake_case, plural tables, <table>_id keys; several short or generic column names (dt, amt,
-- qty, pct, src, fmt, status, type_cd) whose meaning is only in the comments, and one small
-- code table for the kind of job. Consultants manage client accounts and own vacancies; a
-- client's vacancy receives applications from candidates; applications lead to interviews and
-- sometimes an offer; an accepted offer becomes a placement, on which the client is charged a fee.
CREATE TABLE consultants (
    consultant_id  integer PRIMARY KEY,
    full_name      text NOT NULL UNIQUE,
    office         text NOT NULL,
    desk           text NOT NULL,
    start_dt       date NOT NULL,
    left_dt        date,
    target_amt     numeric(10,2) NOT NULL
);
COMMENT ON COLUMN consultants.desk IS 'specialism the consultant recruits for: Technology, Finance, Engineering or Healthcare';
COMMENT ON COLUMN consultants.start_dt IS 'date the consultant joined the agency';
COMMENT ON COLUMN consultants.left_dt IS 'date the consultant left; null while employed';
COMMENT ON COLUMN consultants.target_amt IS 'annual fee target, GBP';

CREATE TABLE clients (
    client_id     integer PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    sector        text NOT NULL,
    city          text NOT NULL,
    acct_mgr_id   integer NOT NULL REFERENCES consultants (consultant_id),
    since_dt      date NOT NULL,
    pct           numeric(4,1) NOT NULL
);
COMMENT ON COLUMN clients.acct_mgr_id IS 'consultant who manages the client account';
COMMENT ON COLUMN clients.since_dt IS 'date the terms of business were signed';
COMMENT ON COLUMN clients.pct IS 'agreed fee, percent of the placed candidate''s first-year salary';

CREATE TABLE job_types (
    type_cd  char(1) PRIMARY KEY,
    descr    text NOT NULL
);

CREATE TABLE vacancies (
    vacancy_id     integer PRIMARY KEY,
    client_id      integer NOT NULL REFERENCES clients (client_id),
    consultant_id  integer NOT NULL REFERENCES consultants (consultant_id),
    title          text NOT NULL,
    type_cd        char(1) NOT NULL REFERENCES job_types (type_cd),
    location       text NOT NULL,
    sal_lo         integer,
    sal_hi         integer,
    qty            integer NOT NULL DEFAULT 1,
    opened_dt      date NOT NULL,
    closed_dt      date,
    status         text NOT NULL
);
COMMENT ON COLUMN vacancies.consultant_id IS 'consultant working the vacancy';
COMMENT ON COLUMN vacancies.sal_lo IS 'bottom of the advertised salary band, GBP per year';
COMMENT ON COLUMN vacancies.sal_hi IS 'top of the advertised salary band, GBP per year';
COMMENT ON COLUMN vacancies.qty IS 'number of people the client wants to hire';
COMMENT ON COLUMN vacancies.status IS 'open, on_hold, filled or cancelled';

CREATE TABLE candidates (
    candidate_id  integer PRIMARY KEY,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    email         text,
    city          text NOT NULL,
    src           text NOT NULL,
    reg_dt        date NOT NULL,
    cur_title     text,
    yrs_exp       integer
);
COMMENT ON COLUMN candidates.src IS 'where the candidate came from: linkedin, referral, job_board, website or headhunted';
COMMENT ON COLUMN candidates.reg_dt IS 'date the candidate registered with the agency';
COMMENT ON COLUMN candidates.cur_title IS 'current or most recent job title';
COMMENT ON COLUMN candidates.yrs_exp IS 'years of relevant experience';

CREATE TABLE applications (
    application_id  integer PRIMARY KEY,
    vacancy_id      integer NOT NULL REFERENCES vacancies (vacancy_id),
    candidate_id    integer NOT NULL REFERENCES candidates (candidate_id),
    dt              date NOT NULL,
    status          text NOT NULL,
    UNIQUE (vacancy_id, candidate_id)
);
COMMENT ON COLUMN applications.dt IS 'date the candidate applied or was put forward';
COMMENT ON COLUMN applications.status IS 'new, shortlisted, interviewing, offered, placed, rejected or withdrawn';

CREATE TABLE interviews (
    interview_id    integer PRIMARY KEY,
    application_id  integer NOT NULL REFERENCES applications (application_id),
    round_no        integer NOT NULL,
    sched_at        timestamp NOT NULL,
    fmt             text NOT NULL,
    outcome         text
);
COMMENT ON COLUMN interviews.sched_at IS 'when the interview is or was scheduled';
COMMENT ON COLUMN interviews.fmt IS 'phone, video or onsite';
COMMENT ON COLUMN interviews.outcome IS 'passed, failed or no_show; null until it has taken place';

CREATE TABLE offers (
    offer_id        integer PRIMARY KEY,
    application_id  integer NOT NULL UNIQUE REFERENCES applications (application_id),
    dt              date NOT NULL,
    amt             numeric(10,2) NOT NULL,
    status          text NOT NULL
);
COMMENT ON COLUMN offers.dt IS 'date the offer was made';
COMMENT ON COLUMN offers.amt IS 'base salary offered, GBP per year';
COMMENT ON COLUMN offers.status IS 'pending, accepted, declined or rescinded';

CREATE TABLE placements (
    placement_id  integer PRIMARY KEY,
    offer_id      integer NOT NULL UNIQUE REFERENCES offers (offer_id),
    start_dt      date NOT NULL,
    amt           numeric(10,2) NOT NULL,
    status        text NOT NULL
);
COMMENT ON COLUMN placements.start_dt IS 'candidate''s first day at the client';
COMMENT ON COLUMN placements.amt IS 'fee charged to the client, GBP';
COMMENT ON COLUMN placements.status IS 'active, completed or fell_through (left within the guarantee period)';
