-- Municipal waste and recycling collection (City of Port Ellery): singular table names,
-- surrogate "id" keys, <table>_id foreign keys, documented columns.

CREATE TABLE district (
    id           integer PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    households   integer NOT NULL,
    population   integer NOT NULL,
    area_km2     numeric(6, 2) NOT NULL
);

CREATE TABLE facility (
    id                  integer PRIMARY KEY,
    name                text NOT NULL UNIQUE,
    facility_type       text NOT NULL,
    operator            text NOT NULL,
    gate_fee_per_tonne  numeric(7, 2) NOT NULL
);

CREATE TABLE route (
    id               integer PRIMARY KEY,
    code             text NOT NULL UNIQUE,
    district_id      integer NOT NULL REFERENCES district (id),
    stream           text NOT NULL,
    collection_day   text NOT NULL,
    every_n_weeks    smallint NOT NULL DEFAULT 1,
    is_active        boolean NOT NULL DEFAULT true
);

CREATE TABLE truck (
    id              integer PRIMARY KEY,
    fleet_number    text NOT NULL UNIQUE,
    make            text NOT NULL,
    model           text NOT NULL,
    body_type       text NOT NULL,
    capacity_t      numeric(4, 1) NOT NULL,
    fuel            text NOT NULL,
    in_service_on   date NOT NULL,
    retired_on      date
);

CREATE TABLE crew_member (
    id          integer PRIMARY KEY,
    full_name   text NOT NULL,
    role        text NOT NULL,
    birth_date  date,
    hired_on    date NOT NULL,
    left_on     date
);

CREATE TABLE collection_run (
    id            integer PRIMARY KEY,
    route_id      integer NOT NULL REFERENCES route (id),
    truck_id      integer REFERENCES truck (id),
    driver_id     integer REFERENCES crew_member (id),
    run_date      date NOT NULL,
    started_at    timestamp,
    finished_at   timestamp,
    status        text NOT NULL,
    missed_stops  integer NOT NULL DEFAULT 0
);
CREATE INDEX ON collection_run (run_date);

CREATE TABLE weigh_ticket (
    id                 integer PRIMARY KEY,
    run_id             integer NOT NULL REFERENCES collection_run (id),
    facility_id        integer NOT NULL REFERENCES facility (id),
    weighed_at         timestamp NOT NULL,
    net_kg             integer NOT NULL,
    contamination_pct  numeric(4, 1)
);
CREATE INDEX ON weigh_ticket (run_id);

CREATE TABLE service_request (
    id            integer PRIMARY KEY,
    district_id   integer NOT NULL REFERENCES district (id),
    request_type  text NOT NULL,
    channel       text NOT NULL,
    opened_at     timestamp NOT NULL,
    closed_at     timestamp,
    status        text NOT NULL
);

COMMENT ON COLUMN facility.facility_type IS 'landfill, MRF (materials recovery facility), compost or transfer station';
COMMENT ON COLUMN facility.gate_fee_per_tonne IS 'Fee the city pays per tonne delivered, CAD';
COMMENT ON COLUMN route.stream IS 'garbage, recycling, organics or yard waste';
COMMENT ON COLUMN route.every_n_weeks IS '1 = weekly, 2 = every other week';
COMMENT ON COLUMN truck.capacity_t IS 'Payload capacity, tonnes';
COMMENT ON COLUMN truck.retired_on IS 'NULL while the truck is in service';
COMMENT ON COLUMN crew_member.role IS 'driver, loader or supervisor';
COMMENT ON COLUMN crew_member.left_on IS 'NULL while employed';
COMMENT ON COLUMN collection_run.status IS 'completed, partial (not all stops served) or cancelled';
COMMENT ON COLUMN collection_run.missed_stops IS 'Stops not served on this run';
COMMENT ON COLUMN weigh_ticket.net_kg IS 'Net load weight at the facility scale, kg';
COMMENT ON COLUMN weigh_ticket.contamination_pct IS 'Share of the load rejected as contamination, percent; recycling loads only';
COMMENT ON COLUMN service_request.request_type IS 'missed collection, bin replacement, bulky item pickup, overflowing bin, illegal dumping or complaint';
COMMENT ON COLUMN service_request.status IS 'open, closed or cancelled';
