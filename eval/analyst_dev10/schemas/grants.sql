-- A university's office of research administration: departments, the principal
-- investigators (PIs) in them, the agencies and foundations that fund research, the
-- awards (grants) each PI holds from one funder, the budget of each award by category,
-- the expenditures charged against a budget line, the papers an award produced and the
-- reports the funder requires. Plural snake_case tables, each with the grt_ prefix.
CREATE TABLE grt_departments (
    department_id  integer PRIMARY KEY,
    dept_name      text NOT NULL UNIQUE,
    college        text NOT NULL,
    building       text NOT NULL
);

CREATE TABLE grt_investigators (
    investigator_id  integer PRIMARY KEY,
    first_name       text NOT NULL,
    last_name        text NOT NULL,
    email            text NOT NULL UNIQUE,
    department_id    integer NOT NULL REFERENCES grt_departments (department_id),
    academic_rank    text NOT NULL,
    hire_date        date NOT NULL,
    birth_date       date NOT NULL
);

CREATE TABLE grt_funders (
    funder_id    integer PRIMARY KEY,
    funder_name  text NOT NULL UNIQUE,
    acronym      text,
    funder_type  text NOT NULL
);
COMMENT ON COLUMN grt_funders.funder_type IS 'federal, state, foundation or industry';

CREATE TABLE grt_awards (
    award_id        integer PRIMARY KEY,
    award_number    text NOT NULL UNIQUE,
    title           text NOT NULL,
    pi_id           integer NOT NULL REFERENCES grt_investigators (investigator_id),
    funder_id       integer NOT NULL REFERENCES grt_funders (funder_id),
    submitted_on    date NOT NULL,
    start_date      date,
    end_date        date,
    total_amount    numeric(12,2) NOT NULL,
    fa_rate         numeric(4,3) NOT NULL,
    award_status    text NOT NULL
);
COMMENT ON COLUMN grt_awards.pi_id IS 'principal investigator';
COMMENT ON COLUMN grt_awards.total_amount IS 'amount requested (pending, declined) or awarded (active, closed), direct plus indirect';
COMMENT ON COLUMN grt_awards.fa_rate IS 'facilities and administrative (indirect cost) rate, a fraction';
COMMENT ON COLUMN grt_awards.award_status IS 'pending, active, closed or declined';

CREATE TABLE grt_budget_lines (
    budget_line_id   integer PRIMARY KEY,
    award_id         integer NOT NULL REFERENCES grt_awards (award_id),
    category         text NOT NULL,
    budgeted_amount  numeric(12,2) NOT NULL,
    UNIQUE (award_id, category)
);

CREATE TABLE grt_expenditures (
    expenditure_id  integer PRIMARY KEY,
    budget_line_id  integer NOT NULL REFERENCES grt_budget_lines (budget_line_id),
    posted_on       date NOT NULL,
    amount          numeric(10,2) NOT NULL,
    vendor          text
);

CREATE TABLE grt_publications (
    publication_id  integer PRIMARY KEY,
    award_id        integer NOT NULL REFERENCES grt_awards (award_id),
    title           text NOT NULL,
    journal         text NOT NULL,
    pub_date        date NOT NULL,
    citations       integer NOT NULL DEFAULT 0,
    open_access     boolean NOT NULL
);

CREATE TABLE grt_reports (
    report_id       integer PRIMARY KEY,
    award_id        integer NOT NULL REFERENCES grt_awards (award_id),
    report_type     text NOT NULL,
    due_date        date NOT NULL,
    submitted_date  date
);
COMMENT ON COLUMN grt_reports.submitted_date IS 'null while the report has not been sent';
