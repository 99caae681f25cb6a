-- A pharmacy chain's sales data warehouse as its BI team built it: a star schema with
-- conformed dimensions (dim_*, integer surrogate keys *_sk) and two fact tables. dim_customer is
-- the loyalty-member dimension, slowly changing type 2 (a new row whenever a member's tier
-- changes). dim_date is keyed by an integer yyyymmdd.
CREATE TABLE dim_date (
    date_key integer PRIMARY KEY,
    full_date date NOT NULL UNIQUE,
    day_name varchar(9) NOT NULL,
    day_of_week smallint NOT NULL,
    month_num smallint NOT NULL,
    month_name varchar(9) NOT NULL,
    quarter smallint NOT NULL,
    year smallint NOT NULL,
    is_weekend boolean NOT NULL,
    is_holiday boolean NOT NULL
);
COMMENT ON COLUMN dim_date.date_key IS 'yyyymmdd';
COMMENT ON COLUMN dim_date.day_of_week IS 'ISO: 1 = Monday .. 7 = Sunday';
CREATE TABLE dim_store (
    store_sk serial PRIMARY KEY,
    store_id varchar(8) NOT NULL UNIQUE,
    store_name varchar(60) NOT NULL,
    address_line varchar(120) NOT NULL,
    city varchar(40) NOT NULL,
    state_code char(2) NOT NULL,
    region varchar(20) NOT NULL,
    store_format varchar(20) NOT NULL,
    square_feet integer NOT NULL,
    opened_date date NOT NULL,
    etl_loaded_at timestamptz NOT NULL
);
CREATE TABLE dim_product (
    product_sk serial PRIMARY KEY,
    sku varchar(12) NOT NULL UNIQUE,
    product_name varchar(80) NOT NULL,
    brand varchar(40) NOT NULL,
    category varchar(30) NOT NULL,
    is_prescription boolean NOT NULL,
    is_private_label boolean NOT NULL,
    list_price numeric(8,2) NOT NULL,
    unit_cost numeric(8,2) NOT NULL,
    etl_loaded_at timestamptz NOT NULL
);
COMMENT ON COLUMN dim_product.is_private_label IS 'our own CareRx store brand';
CREATE TABLE dim_customer (
    customer_sk serial PRIMARY KEY,
    customer_id varchar(10) NOT NULL,
    first_name varchar(40) NOT NULL,
    last_name varchar(40) NOT NULL,
    email varchar(120) NOT NULL,
    birth_date date NOT NULL,
    home_city varchar(40) NOT NULL,
    loyalty_tier varchar(10) NOT NULL,
    enrolled_date date NOT NULL,
    valid_from date NOT NULL,
    valid_to date NOT NULL,
    is_current boolean NOT NULL,
    etl_loaded_at timestamptz NOT NULL
);
COMMENT ON TABLE dim_customer IS 'loyalty program members, SCD type 2: one row per version; customer_id is the member number';
COMMENT ON COLUMN dim_customer.valid_to IS '9999-12-31 for the current version';
CREATE INDEX ON dim_customer (customer_id);
CREATE TABLE dim_pharmacist (
    pharmacist_sk serial PRIMARY KEY,
    license_number varchar(20) NOT NULL UNIQUE,
    first_name varchar(40) NOT NULL,
    last_name varchar(40) NOT NULL,
    home_store_sk integer NOT NULL REFERENCES dim_store(store_sk),
    hire_date date NOT NULL,
    employment_type varchar(10) NOT NULL,
    etl_loaded_at timestamptz NOT NULL
);
CREATE TABLE fact_sales (
    sales_line_sk bigserial PRIMARY KEY,
    receipt_number varchar(20) NOT NULL,
    line_number smallint NOT NULL,
    date_key integer NOT NULL REFERENCES dim_date(date_key),
    store_sk integer NOT NULL REFERENCES dim_store(store_sk),
    product_sk integer NOT NULL REFERENCES dim_product(product_sk),
    customer_sk integer REFERENCES dim_customer(customer_sk),
    pharmacist_sk integer REFERENCES dim_pharmacist(pharmacist_sk),
    quantity integer NOT NULL,
    net_amount numeric(10,2) NOT NULL,
    discount_amount numeric(10,2) NOT NULL,
    etl_batch_id integer NOT NULL,
    UNIQUE (receipt_number, line_number)
);
COMMENT ON TABLE fact_sales IS 'one row per receipt line';
COMMENT ON COLUMN fact_sales.customer_sk IS 'null when the shopper did not scan a loyalty card';
COMMENT ON COLUMN fact_sales.pharmacist_sk IS 'the dispensing pharmacist, prescription lines only';
COMMENT ON COLUMN fact_sales.net_amount IS 'amount paid for the line after discount, excluding tax';
CREATE INDEX ON fact_sales (date_key);
CREATE TABLE fact_inventory_snapshot (
    snapshot_date_key integer NOT NULL REFERENCES dim_date(date_key),
    store_sk integer NOT NULL REFERENCES dim_store(store_sk),
    product_sk integer NOT NULL REFERENCES dim_product(product_sk),
    on_hand_qty integer NOT NULL,
    on_order_qty integer NOT NULL,
    etl_batch_id integer NOT NULL,
    PRIMARY KEY (snapshot_date_key, store_sk, product_sk)
);
COMMENT ON TABLE fact_inventory_snapshot IS 'stock per store and product, taken every morning before opening';
CREATE TABLE etl_batch_log (
    etl_batch_id serial PRIMARY KEY,
    target_table varchar(40) NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    rows_loaded integer NOT NULL,
    status varchar(10) NOT NULL
);
