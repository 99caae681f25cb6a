-- A residential letting agency: buildings, flats, tenants, leases and rent payments.
CREATE TABLE bldg (
    bldg_id     integer PRIMARY KEY,
    bldg_name   text NOT NULL,
    district    text NOT NULL,
    built_yr    integer NOT NULL
);
COMMENT ON TABLE bldg IS 'buildings, properties';

CREATE TABLE flat (
    flat_id     integer PRIMARY KEY,
    bldg_id     integer NOT NULL REFERENCES bldg (bldg_id),
    flat_no     text NOT NULL,
    bedrooms    integer NOT NULL,
    sq_m        numeric(6,1) NOT NULL,
    list_rent   numeric(8,2) NOT NULL
);
COMMENT ON TABLE flat IS 'apartments, units';
COMMENT ON COLUMN flat.sq_m IS 'floor area in square metres';
COMMENT ON COLUMN flat.list_rent IS 'advertised monthly rent';

CREATE TABLE tenant (
    tenant_id   integer PRIMARY KEY,
    tenant_name text NOT NULL,
    occupation  text NOT NULL,
    birth_dt    date NOT NULL,
    has_pet     boolean NOT NULL
);
COMMENT ON TABLE tenant IS 'renters, residents';

CREATE TABLE lease (
    lease_id     integer PRIMARY KEY,
    flat_id      integer NOT NULL REFERENCES flat (flat_id),
    tenant_id    integer NOT NULL REFERENCES tenant (tenant_id),
    start_dt     date NOT NULL,
    end_dt       date,
    monthly_rent numeric(8,2) NOT NULL,
    deposit      numeric(8,2) NOT NULL
);
COMMENT ON TABLE lease IS 'tenancy agreements, contracts';
COMMENT ON COLUMN lease.end_dt IS 'null while the tenancy runs';

CREATE TABLE payment (
    payment_id  integer PRIMARY KEY,
    lease_id    integer NOT NULL REFERENCES lease (lease_id),
    paid_dt     date NOT NULL,
    amt         numeric(8,2) NOT NULL,
    method      text NOT NULL
);
COMMENT ON TABLE payment IS 'rent received';
