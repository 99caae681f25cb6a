-- The demo retail-analytics database (askproxy demo). Data: demo/datagen.py.
-- Kept small and conventional on purpose: it is what the bundled model is evaluated on.
CREATE TABLE regions (
    region_id   integer PRIMARY KEY,
    name        text NOT NULL UNIQUE          -- 'East China', 'North China', 'South China', ...
);
COMMENT ON TABLE regions IS 'Sales regions of the retail chain';

CREATE TABLE stores (
    store_id    integer PRIMARY KEY,
    name        text NOT NULL,
    city        text NOT NULL,
    region_id   integer NOT NULL REFERENCES regions,
    opened_on   date NOT NULL
);

CREATE TABLE categories (
    category_id integer PRIMARY KEY,
    name        text NOT NULL UNIQUE          -- 'Electronics', 'Home & Kitchen', ...
);

CREATE TABLE products (
    product_id  integer PRIMARY KEY,
    name        text NOT NULL,
    brand       text NOT NULL,
    category_id integer NOT NULL REFERENCES categories,
    unit_price  numeric(10,2) NOT NULL
);

CREATE TABLE customers (
    customer_id integer PRIMARY KEY,
    name        text NOT NULL,
    city        text NOT NULL,
    region_id   integer NOT NULL REFERENCES regions,
    segment     text NOT NULL,                -- 'Consumer', 'Corporate', 'Small Business'
    signup_date date NOT NULL
);

CREATE TABLE orders (
    order_id    integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers,
    store_id    integer NOT NULL REFERENCES stores,
    ordered_at  timestamptz NOT NULL,
    channel     text NOT NULL,                -- 'online', 'in-store'
    status      text NOT NULL                 -- 'completed', 'cancelled', 'returned'
);

CREATE TABLE order_lines (
    order_id    integer NOT NULL REFERENCES orders,
    line_no     integer NOT NULL,
    product_id  integer NOT NULL REFERENCES products,
    quantity    integer NOT NULL,
    unit_price  numeric(10,2) NOT NULL,
    discount    numeric(4,2) NOT NULL DEFAULT 0,   -- fraction, 0.00 .. 0.30
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX ON orders (ordered_at);
CREATE INDEX ON order_lines (product_id);
