-- A heating and air-conditioning field-service company: customer accounts (residential or
-- commercial, closed accounts keep their close date), service technicians, work orders
-- (jobs) with a type, priority and status, the parts used on each job (a bridge with
-- quantity and extended amount), the parts catalogue and invoices (unpaid ones have no paid
-- date). Abbreviated legacy naming: prefixes, _dt/_ts/_usd suffixes, coded values.
CREATE TABLE cust_acct (
    acct_id    integer PRIMARY KEY,
    acct_nm    text NOT NULL,
    acct_type  char(4) NOT NULL,
    city_nm    text NOT NULL,
    open_dt    date NOT NULL,
    close_dt   date
);
COMMENT ON COLUMN cust_acct.acct_type IS 'RES residential, COMM commercial';

CREATE TABLE svc_tech (
    tech_id        integer PRIMARY KEY,
    tech_nm        text NOT NULL,
    hire_dt        date NOT NULL,
    cert_lvl       text NOT NULL,
    hrly_rate_usd  numeric(6,2) NOT NULL
);

CREATE TABLE wo_hdr (
    wo_id      integer PRIMARY KEY,
    acct_id    integer NOT NULL REFERENCES cust_acct (acct_id),
    tech_id    integer REFERENCES svc_tech (tech_id),
    wo_type    text NOT NULL,
    prio_cd    text NOT NULL,
    wo_stat    text NOT NULL,
    sched_dt   date NOT NULL,
    cmpl_ts    timestamp,
    labor_hrs  numeric(5,2)
);
COMMENT ON TABLE wo_hdr IS 'work orders';
COMMENT ON COLUMN wo_hdr.wo_stat IS 'OPEN, DONE or CXL (cancelled)';

CREATE TABLE part_mstr (
    part_id        integer PRIMARY KEY,
    part_desc      text NOT NULL,
    part_cat       text NOT NULL,
    unit_cost_usd  numeric(8,2) NOT NULL
);

CREATE TABLE wo_part (
    wo_id        integer NOT NULL REFERENCES wo_hdr (wo_id),
    part_id      integer NOT NULL REFERENCES part_mstr (part_id),
    qty          integer NOT NULL,
    ext_amt_usd  numeric(10,2) NOT NULL,
    PRIMARY KEY (wo_id, part_id)
);

CREATE TABLE inv_hdr (
    inv_id   integer PRIMARY KEY,
    wo_id    integer NOT NULL REFERENCES wo_hdr (wo_id),
    inv_dt   date NOT NULL,
    due_dt   date NOT NULL,
    amt_usd  numeric(10,2) NOT NULL,
    paid_dt  date
);
