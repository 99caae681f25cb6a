-- A small hotel group: properties, rooms, guests, stays and the extras charged to them.
CREATE TABLE hotels (
    hotel_id   integer PRIMARY KEY,
    hotel_nm   text NOT NULL,
    city       text NOT NULL,
    star_rtg   integer NOT NULL
);
COMMENT ON TABLE hotels IS 'properties';
COMMENT ON COLUMN hotels.star_rtg IS 'star rating, 1 to 5';

CREATE TABLE rooms (
    room_id    integer PRIMARY KEY,
    hotel_id   integer NOT NULL REFERENCES hotels (hotel_id),
    room_num   text NOT NULL,
    room_type  text NOT NULL,
    base_rate  numeric(8,2) NOT NULL,
    floor      integer NOT NULL
);
COMMENT ON COLUMN rooms.room_type IS 'single, double or suite';
COMMENT ON COLUMN rooms.base_rate IS 'list price per night';

CREATE TABLE guests (
    guest_id      integer PRIMARY KEY,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    country       text NOT NULL,
    dob           date NOT NULL,
    loyalty_tier  text NOT NULL
);
COMMENT ON TABLE guests IS 'customers who stay with us';
COMMENT ON COLUMN guests.loyalty_tier IS 'none, silver, gold or platinum';

CREATE TABLE bookings (
    booking_id    integer PRIMARY KEY,
    guest_id      integer NOT NULL REFERENCES guests (guest_id),
    room_id       integer NOT NULL REFERENCES rooms (room_id),
    booked_on     date NOT NULL,
    check_in      date NOT NULL,
    check_out     date NOT NULL,
    status        text NOT NULL,
    nightly_rate  numeric(8,2) NOT NULL
);
COMMENT ON TABLE bookings IS 'reservations, stays';
COMMENT ON COLUMN bookings.status IS 'confirmed, cancelled or completed';
COMMENT ON COLUMN bookings.nightly_rate IS 'price per night actually charged';

CREATE TABLE charges (
    charge_id   integer PRIMARY KEY,
    booking_id  integer NOT NULL REFERENCES bookings (booking_id),
    item        text NOT NULL,
    qty         integer NOT NULL,
    unit_price  numeric(8,2) NOT NULL,
    charged_at  timestamp NOT NULL
);
COMMENT ON TABLE charges IS 'extras: minibar, spa, restaurant';
