-- A restaurant group's operations database.
CREATE TABLE restaurant (
    restaurant_id integer PRIMARY KEY,
    name text NOT NULL UNIQUE,
    city text NOT NULL,
    opened_on date NOT NULL,
    seats integer NOT NULL
);
CREATE TABLE menu_category (
    category_id integer PRIMARY KEY,
    category_name text NOT NULL UNIQUE
);
COMMENT ON TABLE menu_category IS 'lookup: sections of the menu';
CREATE TABLE menu_item (
    item_id integer PRIMARY KEY,
    category_id integer NOT NULL REFERENCES menu_category(category_id),
    item_name text NOT NULL UNIQUE,
    price numeric(7,2) NOT NULL,
    food_cost numeric(7,2) NOT NULL,
    is_veg boolean NOT NULL,
    added_on date NOT NULL,
    active boolean NOT NULL DEFAULT true
);
COMMENT ON COLUMN menu_item.food_cost IS 'ingredient cost of one portion';
CREATE TABLE staff (
    staff_id integer PRIMARY KEY,
    restaurant_id integer NOT NULL REFERENCES restaurant(restaurant_id),
    first_name text NOT NULL,
    last_name text NOT NULL,
    role text NOT NULL,
    hourly_wage numeric(6,2) NOT NULL,
    hired_on date NOT NULL,
    terminated_on date
);
CREATE TABLE shift (
    shift_id integer PRIMARY KEY,
    staff_id integer NOT NULL REFERENCES staff(staff_id),
    shift_date date NOT NULL,
    clock_in timestamptz NOT NULL,
    clock_out timestamptz NOT NULL
);
CREATE TABLE reservation (
    reservation_id integer PRIMARY KEY,
    restaurant_id integer NOT NULL REFERENCES restaurant(restaurant_id),
    guest_name text NOT NULL,
    party_sz integer NOT NULL,
    reserved_for timestamptz NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL
);
COMMENT ON COLUMN reservation.status IS 'booked, seated, no_show, cancelled';
CREATE TABLE guest_check (
    check_id integer PRIMARY KEY,
    restaurant_id integer NOT NULL REFERENCES restaurant(restaurant_id),
    server_id integer NOT NULL REFERENCES staff(staff_id),
    table_no integer NOT NULL,
    covers integer NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz NOT NULL,
    tip_amt numeric(8,2) NOT NULL,
    voided_at timestamptz
);
COMMENT ON COLUMN guest_check.covers IS 'number of guests at the table';
COMMENT ON COLUMN guest_check.voided_at IS 'set when the whole check was voided; voided checks are not sales';
CREATE TABLE check_line (
    line_id integer PRIMARY KEY,
    check_id integer NOT NULL REFERENCES guest_check(check_id),
    item_id integer NOT NULL REFERENCES menu_item(item_id),
    qty integer NOT NULL,
    unit_price numeric(7,2) NOT NULL
);
CREATE TABLE supplier (
    supplier_id integer PRIMARY KEY,
    supplier_name text NOT NULL UNIQUE,
    supplies text NOT NULL,
    city text NOT NULL
);
CREATE TABLE delivery (
    delivery_id integer PRIMARY KEY,
    supplier_id integer NOT NULL REFERENCES supplier(supplier_id),
    restaurant_id integer NOT NULL REFERENCES restaurant(restaurant_id),
    delivered_on date NOT NULL,
    ingredient text NOT NULL,
    qty numeric(9,2) NOT NULL,
    uom text NOT NULL,
    unit_cost numeric(8,2) NOT NULL
);
COMMENT ON COLUMN delivery.uom IS 'unit of measure: kg, lb, case, L, each';
