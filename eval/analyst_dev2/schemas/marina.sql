-- A marina: boat owners, boats, berths, moorings (a boat's stay at a berth; open while it is
-- still there), fuel sales and services. t_ prefixes, heavy abbreviations, surrogate id keys,
-- one comment.
CREATE TABLE t_owner (
    id          integer PRIMARY KEY,
    owner_nm    text NOT NULL,
    cntry       text NOT NULL,
    dob         date NOT NULL,
    is_member   boolean NOT NULL
);

CREATE TABLE t_boat (
    id          integer PRIMARY KEY,
    boat_nm     text NOT NULL,
    owner_id    integer NOT NULL REFERENCES t_owner (id),
    boat_typ    text NOT NULL,
    len_m       numeric(5,2) NOT NULL,
    built_yr    integer NOT NULL
);

CREATE TABLE t_berth (
    id          integer PRIMARY KEY,
    berth_cd    text NOT NULL,
    pier        text NOT NULL,
    max_len_m   numeric(5,2) NOT NULL,
    daily_fee   numeric(7,2) NOT NULL
);

CREATE TABLE t_mooring (
    id          integer PRIMARY KEY,
    boat_id     integer NOT NULL REFERENCES t_boat (id),
    berth_id    integer NOT NULL REFERENCES t_berth (id),
    start_dt    date NOT NULL,
    end_dt      date
);
COMMENT ON TABLE t_mooring IS 'berth assignments; end_dt is null while the boat is still moored there';

CREATE TABLE t_fuel_sale (
    id          integer PRIMARY KEY,
    boat_id     integer NOT NULL REFERENCES t_boat (id),
    sale_ts     timestamp NOT NULL,
    fuel_typ    text NOT NULL,
    qty_l       numeric(7,1) NOT NULL,
    unit_prc    numeric(5,2) NOT NULL
);

CREATE TABLE t_service (
    id          integer PRIMARY KEY,
    boat_id     integer NOT NULL REFERENCES t_boat (id),
    svc_dt      date NOT NULL,
    svc_typ     text NOT NULL,
    cost        numeric(8,2) NOT NULL,
    completed   boolean NOT NULL
);
