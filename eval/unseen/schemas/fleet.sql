-- Fleet maintenance (UK, GBP): legacy naming, tbl_ prefixes and abbreviated columns.

CREATE TABLE tbl_depot (
    depot_id    serial PRIMARY KEY,
    depot_nm    varchar(60) NOT NULL,
    city_nm     varchar(60) NOT NULL,
    post_cd     varchar(10),
    open_dt     date NOT NULL
);

CREATE TABLE tbl_vehicle (
    veh_id      serial PRIMARY KEY,
    depot_id    integer NOT NULL REFERENCES tbl_depot (depot_id),
    reg_no      varchar(10) NOT NULL UNIQUE,
    make_nm     varchar(40) NOT NULL,
    model_nm    varchar(40) NOT NULL,
    veh_typ     varchar(10) NOT NULL,
    fuel_typ    varchar(10) NOT NULL,
    model_yr    smallint,
    purch_dt    date NOT NULL,
    purch_amt   numeric(10, 2),
    odo_km      integer,
    actv_flg    boolean NOT NULL DEFAULT true,
    retire_dt   date
);

CREATE TABLE tbl_driver (
    drv_id      serial PRIMARY KEY,
    depot_id    integer NOT NULL REFERENCES tbl_depot (depot_id),
    first_nm    varchar(40) NOT NULL,
    last_nm     varchar(40) NOT NULL,
    birth_dt    date,
    hire_dt     date NOT NULL,
    term_dt     date,
    lic_cls     varchar(3) NOT NULL
);

CREATE TABLE tbl_veh_assign (
    asgn_id     serial PRIMARY KEY,
    veh_id      integer NOT NULL REFERENCES tbl_vehicle (veh_id),
    drv_id      integer NOT NULL REFERENCES tbl_driver (drv_id),
    start_dt    date NOT NULL,
    end_dt      date
);

CREATE TABLE tbl_vendor (
    vnd_id      serial PRIMARY KEY,
    vnd_nm      varchar(80) NOT NULL,
    vnd_typ     varchar(12) NOT NULL,
    city_nm     varchar(60)
);

CREATE TABLE tbl_work_order (
    wo_id       serial PRIMARY KEY,
    veh_id      integer NOT NULL REFERENCES tbl_vehicle (veh_id),
    vnd_id      integer REFERENCES tbl_vendor (vnd_id),
    wo_typ      varchar(10) NOT NULL,
    wo_dt       date NOT NULL,
    cls_dt      date,
    odo_km      integer,
    labor_hrs   numeric(5, 1),
    labor_amt   numeric(10, 2) NOT NULL DEFAULT 0,
    parts_amt   numeric(10, 2) NOT NULL DEFAULT 0,
    wo_stat     varchar(10) NOT NULL,
    descr       varchar(200)
);
CREATE INDEX ix_wo_veh ON tbl_work_order (veh_id);

CREATE TABLE tbl_fuel_txn (
    txn_id      serial PRIMARY KEY,
    veh_id      integer NOT NULL REFERENCES tbl_vehicle (veh_id),
    drv_id      integer REFERENCES tbl_driver (drv_id),
    txn_ts      timestamp NOT NULL,
    ltrs        numeric(7, 2) NOT NULL,
    ppl         numeric(6, 1) NOT NULL,
    amt         numeric(9, 2) NOT NULL,
    stn_nm      varchar(60)
);
CREATE INDEX ix_fuel_veh ON tbl_fuel_txn (veh_id);
