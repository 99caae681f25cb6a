-- A regional water utility's customer, billing and field-operations data, as its in-house
-- team built it: plain snake_case, several short or generic column names (dt, amt, qty,
-- status) whose meaning is only in the comments. A customer account holds one or more
-- service connections (premises on the network); each connection has a meter (older ones
-- were replaced), read once a month; invoices are raised per connection per monthly billing
-- period and paid by payments; field crews work work orders, some of which repair main breaks.
CREATE TABLE customers (
    customer_id  integer PRIMARY KEY,
    name         text NOT NULL,
    cust_class   text NOT NULL,
    email        text,
    phone        text,
    since        date NOT NULL
);
COMMENT ON COLUMN customers.cust_class IS 'residential, commercial, industrial or municipal';
COMMENT ON COLUMN customers.since IS 'date the account was opened';

CREATE TABLE service_connections (
    connection_id  integer PRIMARY KEY,
    customer_id    integer NOT NULL REFERENCES customers (customer_id),
    premise_addr   text NOT NULL,
    town           text NOT NULL,
    zone           text NOT NULL,
    pipe_dia_mm    integer NOT NULL,
    status         text NOT NULL,
    connected_dt   date NOT NULL
);
COMMENT ON COLUMN service_connections.premise_addr IS 'street address of the premises served';
COMMENT ON COLUMN service_connections.zone IS 'pressure zone';
COMMENT ON COLUMN service_connections.pipe_dia_mm IS 'service line diameter in mm';
COMMENT ON COLUMN service_connections.status IS 'active, disconnected or pending';

CREATE TABLE meters (
    meter_id       integer PRIMARY KEY,
    connection_id  integer NOT NULL REFERENCES service_connections (connection_id),
    serial_no      text NOT NULL UNIQUE,
    make           text NOT NULL,
    size_mm        integer NOT NULL,
    installed_dt   date NOT NULL,
    removed_dt     date
);
COMMENT ON COLUMN meters.make IS 'manufacturer';
COMMENT ON COLUMN meters.removed_dt IS 'null while the meter is in service';

CREATE TABLE meter_readings (
    reading_id  integer PRIMARY KEY,
    meter_id    integer NOT NULL REFERENCES meters (meter_id),
    dt          date NOT NULL,
    register    numeric(10,1) NOT NULL,
    qty         numeric(8,1) NOT NULL,
    est         boolean NOT NULL DEFAULT false,
    UNIQUE (meter_id, dt)
);
COMMENT ON COLUMN meter_readings.dt IS 'date the meter was read';
COMMENT ON COLUMN meter_readings.register IS 'cumulative register value, cubic metres';
COMMENT ON COLUMN meter_readings.qty IS 'consumption since the previous reading, cubic metres';
COMMENT ON COLUMN meter_readings.est IS 'true when the reading was estimated, not read on site';

CREATE TABLE billing_periods (
    period_id  integer PRIMARY KEY,
    label      text NOT NULL UNIQUE,
    start_dt   date NOT NULL,
    end_dt     date NOT NULL
);

CREATE TABLE invoices (
    invoice_id     integer PRIMARY KEY,
    connection_id  integer NOT NULL REFERENCES service_connections (connection_id),
    period_id      integer NOT NULL REFERENCES billing_periods (period_id),
    issued_dt      date NOT NULL,
    due_dt         date NOT NULL,
    usage_m3       numeric(8,1) NOT NULL,
    amt            numeric(9,2) NOT NULL,
    status         text NOT NULL,
    UNIQUE (connection_id, period_id)
);
COMMENT ON COLUMN invoices.amt IS 'amount billed: standing charge plus volumetric charge';
COMMENT ON COLUMN invoices.status IS 'open, paid or written_off';

CREATE TABLE payments (
    payment_id  integer PRIMARY KEY,
    invoice_id  integer NOT NULL REFERENCES invoices (invoice_id),
    dt          date NOT NULL,
    amt         numeric(9,2) NOT NULL,
    method      text NOT NULL
);
COMMENT ON COLUMN payments.dt IS 'date received';
COMMENT ON COLUMN payments.method IS 'card, direct debit, cheque or cash';

CREATE TABLE crews (
    crew_id    integer PRIMARY KEY,
    crew_name  text NOT NULL UNIQUE,
    depot      text NOT NULL,
    foreman    text NOT NULL,
    headcount  integer NOT NULL
);

CREATE TABLE work_orders (
    wo_id          integer PRIMARY KEY,
    connection_id  integer REFERENCES service_connections (connection_id),
    crew_id        integer REFERENCES crews (crew_id),
    wo_type        text NOT NULL,
    priority       smallint NOT NULL,
    opened_dt      date NOT NULL,
    closed_dt      date,
    status         text NOT NULL,
    labour_hrs     numeric(5,1),
    cost           numeric(9,2)
);
COMMENT ON COLUMN work_orders.connection_id IS 'null for work on the network rather than at a premises';
COMMENT ON COLUMN work_orders.priority IS '1 emergency, 2 urgent, 3 routine';
COMMENT ON COLUMN work_orders.status IS 'open, in_progress, completed or cancelled';

CREATE TABLE main_breaks (
    break_id        integer PRIMARY KEY,
    wo_id           integer NOT NULL UNIQUE REFERENCES work_orders (wo_id),
    zone            text NOT NULL,
    street          text NOT NULL,
    reported_at     timestamp NOT NULL,
    restored_at     timestamp,
    material        text NOT NULL,
    dia_mm          integer NOT NULL,
    install_yr      integer,
    households_out  integer NOT NULL
);
COMMENT ON COLUMN main_breaks.restored_at IS 'when supply was restored; null while still out';
COMMENT ON COLUMN main_breaks.material IS 'pipe material: CI cast iron, DI ductile iron, PVC, AC asbestos cement';
COMMENT ON COLUMN main_breaks.install_yr IS 'year the main was laid';
COMMENT ON COLUMN main_breaks.households_out IS 'properties left without water';
