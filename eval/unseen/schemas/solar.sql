-- Utility-scale solar metering: singular table names, <table>_id keys, documented columns.

CREATE TABLE site (
    site_id          integer PRIMARY KEY,
    site_name        text NOT NULL UNIQUE,
    state            char(2) NOT NULL,
    county           text NOT NULL,
    commissioned_on  date NOT NULL,
    capacity_kwp     numeric(9, 1) NOT NULL,
    mount_type       text NOT NULL,
    has_battery      boolean NOT NULL,
    battery_kwh      numeric(9, 1)
);

CREATE TABLE inverter (
    inverter_id        integer PRIMARY KEY,
    site_id            integer NOT NULL REFERENCES site (site_id),
    serial_no          text NOT NULL UNIQUE,
    manufacturer       text NOT NULL,
    model              text NOT NULL,
    rated_kw           numeric(7, 1) NOT NULL,
    installed_on       date NOT NULL,
    decommissioned_on  date
);

CREATE TABLE meter (
    meter_id      integer PRIMARY KEY,
    site_id       integer NOT NULL REFERENCES site (site_id),
    serial_no     text NOT NULL UNIQUE,
    manufacturer  text NOT NULL,
    installed_on  date NOT NULL,
    removed_on    date
);

CREATE TABLE meter_reading (
    meter_id      integer NOT NULL REFERENCES meter (meter_id),
    reading_date  date NOT NULL,
    kwh           numeric(12, 1) NOT NULL,
    is_estimated  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (meter_id, reading_date)
);

CREATE TABLE outage (
    outage_id     integer PRIMARY KEY,
    site_id       integer NOT NULL REFERENCES site (site_id),
    inverter_id   integer REFERENCES inverter (inverter_id),
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    cause         text NOT NULL,
    est_lost_kwh  numeric(10, 1)
);

CREATE TABLE offtake_contract (
    contract_id    integer PRIMARY KEY,
    site_id        integer NOT NULL REFERENCES site (site_id),
    offtaker       text NOT NULL,
    price_per_mwh  numeric(7, 2) NOT NULL,
    start_date     date NOT NULL,
    end_date       date
);

CREATE TABLE maintenance_visit (
    visit_id     integer PRIMARY KEY,
    site_id      integer NOT NULL REFERENCES site (site_id),
    visit_date   date NOT NULL,
    technician   text NOT NULL,
    visit_type   text NOT NULL,
    labor_hours  numeric(5, 1) NOT NULL,
    cost_usd     numeric(9, 2) NOT NULL
);

COMMENT ON COLUMN site.capacity_kwp IS 'DC nameplate capacity, kWp';
COMMENT ON COLUMN site.mount_type IS 'fixed tilt or single-axis tracker';
COMMENT ON COLUMN site.battery_kwh IS 'Battery storage capacity, kWh; NULL without a battery';
COMMENT ON COLUMN inverter.rated_kw IS 'AC rating, kW';
COMMENT ON COLUMN inverter.decommissioned_on IS 'NULL while the inverter is in service';
COMMENT ON COLUMN meter.removed_on IS 'NULL while the meter is in service';
COMMENT ON COLUMN meter_reading.kwh IS 'Energy exported to the grid that day, kWh';
COMMENT ON COLUMN meter_reading.is_estimated IS 'true when the day was estimated because the meter did not report';
COMMENT ON COLUMN outage.inverter_id IS 'The failed inverter; NULL when the whole site was down';
COMMENT ON COLUMN outage.ended_at IS 'NULL while the outage is ongoing';
COMMENT ON COLUMN outage.cause IS 'grid fault, inverter fault, planned maintenance, storm damage or curtailment';
COMMENT ON COLUMN outage.est_lost_kwh IS 'Estimated energy not generated because of the outage, kWh';
COMMENT ON COLUMN offtake_contract.price_per_mwh IS 'Price the offtaker pays, USD per MWh';
COMMENT ON COLUMN offtake_contract.end_date IS 'Last day of the contract; NULL for the current open-ended contract';
COMMENT ON COLUMN maintenance_visit.cost_usd IS 'Invoiced cost of the visit, USD';
