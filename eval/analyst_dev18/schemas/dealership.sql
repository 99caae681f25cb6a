-- A car dealership group's Rails app (db/schema.rb as PostgreSQL DDL).
CREATE TABLE dealerships (
    id bigserial PRIMARY KEY,
    name character varying NOT NULL,
    city character varying NOT NULL,
    state character varying(2) NOT NULL,
    opened_on date NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_dealerships_on_name ON dealerships(name);
CREATE TABLE sales_reps (
    id bigserial PRIMARY KEY,
    dealership_id bigint NOT NULL REFERENCES dealerships(id),
    first_name character varying NOT NULL,
    last_name character varying NOT NULL,
    email character varying NOT NULL,
    hired_on date NOT NULL,
    commission_rate numeric(4,3) NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_sales_reps_on_dealership_id ON sales_reps(dealership_id);
CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    first_name character varying NOT NULL,
    last_name character varying NOT NULL,
    email character varying NOT NULL,
    city character varying NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_customers_on_email ON customers(email);
CREATE TABLE vehicles (
    id bigserial PRIMARY KEY,
    dealership_id bigint NOT NULL REFERENCES dealerships(id),
    vin character varying(17) NOT NULL,
    make character varying NOT NULL,
    model character varying NOT NULL,
    year integer NOT NULL,
    body_style character varying NOT NULL,
    mileage integer NOT NULL,
    list_price numeric(10,2) NOT NULL,
    certified_pre_owned boolean NOT NULL DEFAULT false,
    status integer NOT NULL DEFAULT 0,
    acquired_on date NOT NULL,
    sold_at timestamp(6) without time zone,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
COMMENT ON COLUMN vehicles.status IS 'Rails enum: 0=in_stock 1=reserved 2=sold 3=wholesaled';
COMMENT ON COLUMN vehicles.sold_at IS 'set when the vehicle leaves the lot (sold or wholesaled)';
CREATE UNIQUE INDEX index_vehicles_on_vin ON vehicles(vin);
CREATE INDEX index_vehicles_on_dealership_id ON vehicles(dealership_id);
CREATE TABLE test_drives (
    id bigserial PRIMARY KEY,
    vehicle_id bigint NOT NULL REFERENCES vehicles(id),
    customer_id bigint NOT NULL REFERENCES customers(id),
    sales_rep_id bigint NOT NULL REFERENCES sales_reps(id),
    scheduled_at timestamp(6) without time zone NOT NULL,
    completed boolean NOT NULL DEFAULT false,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_test_drives_on_vehicle_id ON test_drives(vehicle_id);
CREATE TABLE deals (
    id bigserial PRIMARY KEY,
    vehicle_id bigint NOT NULL REFERENCES vehicles(id),
    customer_id bigint NOT NULL REFERENCES customers(id),
    sales_rep_id bigint NOT NULL REFERENCES sales_reps(id),
    sale_price numeric(10,2) NOT NULL,
    trade_in_value numeric(10,2),
    closed_at timestamp(6) without time zone NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
COMMENT ON COLUMN deals.trade_in_value IS 'allowance for the customer''s trade-in; NULL when there was no trade-in';
CREATE UNIQUE INDEX index_deals_on_vehicle_id ON deals(vehicle_id);
CREATE TABLE finance_applications (
    id bigserial PRIMARY KEY,
    deal_id bigint NOT NULL REFERENCES deals(id),
    lender character varying NOT NULL,
    amount_financed numeric(10,2) NOT NULL,
    apr numeric(5,2) NOT NULL,
    term_months integer NOT NULL,
    status integer NOT NULL DEFAULT 0,
    submitted_at timestamp(6) without time zone NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
COMMENT ON COLUMN finance_applications.status IS 'Rails enum: 0=pending 1=approved 2=declined';
CREATE INDEX index_finance_applications_on_deal_id ON finance_applications(deal_id);
CREATE TABLE service_appointments (
    id bigserial PRIMARY KEY,
    dealership_id bigint NOT NULL REFERENCES dealerships(id),
    customer_id bigint NOT NULL REFERENCES customers(id),
    service_type character varying NOT NULL,
    scheduled_for timestamp(6) without time zone NOT NULL,
    completed_at timestamp(6) without time zone,
    labor_cost numeric(8,2) NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_service_appointments_on_dealership_id ON service_appointments(dealership_id);
CREATE TABLE parts (
    id bigserial PRIMARY KEY,
    part_number character varying NOT NULL,
    name character varying NOT NULL,
    unit_price numeric(8,2) NOT NULL,
    quantity_on_hand integer NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_parts_on_part_number ON parts(part_number);
CREATE TABLE appointment_parts (
    id bigserial PRIMARY KEY,
    service_appointment_id bigint NOT NULL REFERENCES service_appointments(id),
    part_id bigint NOT NULL REFERENCES parts(id),
    quantity integer NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
COMMENT ON TABLE appointment_parts IS 'has_many :parts, through: :appointment_parts (parts used on a service appointment)';
CREATE INDEX index_appointment_parts_on_service_appointment_id ON appointment_parts(service_appointment_id);
