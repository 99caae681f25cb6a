-- A property management company's database, plain snake_case as a careful team writes it:
-- properties (buildings) and their units; tenants; leases on a unit (end_date null while the
-- lease is still running) and the tenants on each lease (lease_tenants: primary, co-signer,
-- occupant); rent payments against a lease; vendors (contractors, one trade each);
-- maintenance requests on a unit, reported by a tenant and assigned to a vendor; unit inspections.
CREATE TABLE properties (
    property_id    integer PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    street_address text NOT NULL,
    city           text NOT NULL,
    property_type  text NOT NULL,
    year_built     integer NOT NULL,
    acquired_on    date NOT NULL
);

CREATE TABLE units (
    unit_id      integer PRIMARY KEY,
    property_id  integer NOT NULL REFERENCES properties (property_id),
    unit_number  text NOT NULL,
    bedrooms     smallint NOT NULL,
    bathrooms    numeric(2,1) NOT NULL,
    square_feet  integer NOT NULL,
    market_rent  numeric(10,2) NOT NULL,
    UNIQUE (property_id, unit_number)
);

CREATE TABLE tenants (
    tenant_id      integer PRIMARY KEY,
    first_name     text NOT NULL,
    last_name      text NOT NULL,
    email          text NOT NULL UNIQUE,
    phone          text,
    date_of_birth  date NOT NULL
);

CREATE TABLE leases (
    lease_id          integer PRIMARY KEY,
    unit_id           integer NOT NULL REFERENCES units (unit_id),
    start_date        date NOT NULL,
    end_date          date,
    monthly_rent      numeric(10,2) NOT NULL,
    security_deposit  numeric(10,2) NOT NULL,
    pets_allowed      boolean NOT NULL DEFAULT false
);

CREATE TABLE lease_tenants (
    lease_id   integer NOT NULL REFERENCES leases (lease_id),
    tenant_id  integer NOT NULL REFERENCES tenants (tenant_id),
    role       text NOT NULL,
    PRIMARY KEY (lease_id, tenant_id)
);

CREATE TABLE rent_payments (
    payment_id    integer PRIMARY KEY,
    lease_id      integer NOT NULL REFERENCES leases (lease_id),
    rent_month    date NOT NULL,
    paid_on       date NOT NULL,
    amount        numeric(10,2) NOT NULL,
    late_fee      numeric(8,2) NOT NULL DEFAULT 0,
    method        text NOT NULL
);

CREATE TABLE vendors (
    vendor_id     integer PRIMARY KEY,
    company_name  text NOT NULL UNIQUE,
    trade         text NOT NULL,
    contact_name  text NOT NULL,
    phone         text NOT NULL,
    hourly_rate   numeric(8,2) NOT NULL,
    is_preferred  boolean NOT NULL DEFAULT false
);

CREATE TABLE maintenance_requests (
    request_id    integer PRIMARY KEY,
    unit_id       integer NOT NULL REFERENCES units (unit_id),
    reported_by   integer REFERENCES tenants (tenant_id),
    vendor_id     integer REFERENCES vendors (vendor_id),
    category      text NOT NULL,
    priority      text NOT NULL,
    status        text NOT NULL,
    description   text NOT NULL,
    opened_at     timestamptz NOT NULL,
    completed_at  timestamptz,
    cost          numeric(10,2)
);

CREATE TABLE inspections (
    inspection_id    integer PRIMARY KEY,
    unit_id          integer NOT NULL REFERENCES units (unit_id),
    inspection_type  text NOT NULL,
    inspector_name   text NOT NULL,
    inspected_on     date NOT NULL,
    score            smallint NOT NULL,
    passed           boolean NOT NULL
);
