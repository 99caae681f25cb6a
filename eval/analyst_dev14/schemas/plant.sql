-- A stamping and assembly plant's manufacturing execution system (MES) export: tables prefixed
-- by module (mes_ production, qa_ quality, hr_ people, ref_ lookups), unit-suffixed columns
-- (_kg, _min, _pct, _ts, _usd). Production lines and their machines; products (SKUs); shifts;
-- operators; work orders (production batches) of a SKU on a line in a shift; downtime events on a
-- machine with a reason code; quality inspections of a work order and the defects they found.
CREATE TABLE mes_line (
    line_id          integer PRIMARY KEY,
    line_cd          varchar(4) NOT NULL UNIQUE,
    line_nm          varchar(40) NOT NULL,
    area_nm          varchar(30) NOT NULL,
    commissioned_dt  date NOT NULL,
    target_oee_pct   numeric(4,1) NOT NULL
);
COMMENT ON COLUMN mes_line.target_oee_pct IS 'target overall equipment effectiveness, percent';

CREATE TABLE mes_machine (
    machine_id     integer PRIMARY KEY,
    line_id        integer NOT NULL REFERENCES mes_line (line_id),
    asset_tag      varchar(12) NOT NULL UNIQUE,
    machine_nm     varchar(40) NOT NULL,
    machine_type   varchar(10) NOT NULL,
    mfr_nm         varchar(30) NOT NULL,
    install_dt     date NOT NULL,
    rated_speed_upm integer NOT NULL
);
COMMENT ON COLUMN mes_machine.rated_speed_upm IS 'rated speed, units per minute';

CREATE TABLE mes_product (
    sku            varchar(12) PRIMARY KEY,
    product_desc   varchar(60) NOT NULL,
    product_family varchar(20) NOT NULL,
    unit_wt_kg     numeric(7,3) NOT NULL,
    std_cycle_sec  numeric(6,1) NOT NULL,
    std_cost_usd   numeric(9,2) NOT NULL,
    active_flg     boolean NOT NULL DEFAULT true
);

CREATE TABLE mes_shift (
    shift_cd   char(1) PRIMARY KEY,
    shift_nm   varchar(10) NOT NULL,
    start_tm   time NOT NULL,
    end_tm     time NOT NULL
);

CREATE TABLE hr_operator (
    operator_id  integer PRIMARY KEY,
    badge_no     varchar(8) NOT NULL UNIQUE,
    first_nm     varchar(30) NOT NULL,
    last_nm      varchar(30) NOT NULL,
    job_cd       varchar(4) NOT NULL,
    shift_cd     char(1) NOT NULL REFERENCES mes_shift (shift_cd),
    hire_dt      date NOT NULL,
    skill_lvl    smallint NOT NULL
);
COMMENT ON COLUMN hr_operator.job_cd IS 'OPR machine operator, LEAD line lead, QAI quality inspector, MTN maintenance technician';
COMMENT ON COLUMN hr_operator.skill_lvl IS 'certification level 1 (trainee) to 4 (expert)';

CREATE TABLE mes_work_order (
    wo_id          integer PRIMARY KEY,
    wo_no          varchar(12) NOT NULL UNIQUE,
    sku            varchar(12) NOT NULL REFERENCES mes_product (sku),
    line_id        integer NOT NULL REFERENCES mes_line (line_id),
    shift_cd       char(1) NOT NULL REFERENCES mes_shift (shift_cd),
    lead_operator_id integer REFERENCES hr_operator (operator_id),
    planned_qty    integer NOT NULL,
    good_qty       integer,
    scrap_qty      integer,
    scrap_kg       numeric(9,2),
    start_ts       timestamptz,
    end_ts         timestamptz,
    wo_status      varchar(3) NOT NULL
);
COMMENT ON COLUMN mes_work_order.wo_status IS 'REL released, RUN running, CMP complete, HLD on hold, CNL cancelled';

CREATE TABLE ref_reason_code (
    reason_cd    varchar(4) PRIMARY KEY,
    reason_desc  varchar(40) NOT NULL,
    planned_flg  boolean NOT NULL
);

CREATE TABLE mes_downtime_event (
    event_id      integer PRIMARY KEY,
    machine_id    integer NOT NULL REFERENCES mes_machine (machine_id),
    wo_id         integer REFERENCES mes_work_order (wo_id),
    reason_cd     varchar(4) NOT NULL REFERENCES ref_reason_code (reason_cd),
    start_ts      timestamptz NOT NULL,
    duration_min  numeric(6,1) NOT NULL,
    reported_by   integer REFERENCES hr_operator (operator_id)
);

CREATE TABLE qa_inspection (
    insp_id        integer PRIMARY KEY,
    wo_id          integer NOT NULL REFERENCES mes_work_order (wo_id),
    inspector_id   integer NOT NULL REFERENCES hr_operator (operator_id),
    insp_ts        timestamptz NOT NULL,
    sample_qty     integer NOT NULL,
    result_cd      varchar(4) NOT NULL
);
COMMENT ON COLUMN qa_inspection.result_cd IS 'PASS, FAIL, or COND (conditional release)';

CREATE TABLE qa_defect (
    defect_id     integer PRIMARY KEY,
    insp_id       integer NOT NULL REFERENCES qa_inspection (insp_id),
    defect_type   varchar(20) NOT NULL,
    severity      varchar(8) NOT NULL
);
COMMENT ON TABLE qa_defect IS 'one row per defective piece found in an inspection sample';
