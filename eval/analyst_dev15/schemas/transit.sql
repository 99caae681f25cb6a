-- A city transit agency's operations database, laid out after GTFS: routes, stops, scheduled
-- trips and their stop_times (the bridge between trips and stops), plus the agency's own tables:
-- depots (garages), vehicles (the bus and tram fleet), drivers, fare_transactions (one row per
-- card/mobile/cash boarding) and service_incidents (delays and breakdowns on a route).
CREATE TABLE depots (
    depot_id        text PRIMARY KEY,
    depot_name      text NOT NULL UNIQUE,
    neighborhood    text NOT NULL,
    opened_date     date NOT NULL,
    bay_capacity    integer NOT NULL
);

CREATE TABLE routes (
    route_id          text PRIMARY KEY,
    route_short_name  text NOT NULL UNIQUE,
    route_long_name   text NOT NULL,
    route_type        smallint NOT NULL,
    route_color       char(6) NOT NULL,
    depot_id          text NOT NULL REFERENCES depots (depot_id),
    launched_date     date NOT NULL
);
COMMENT ON COLUMN routes.route_type IS 'GTFS route type: 0 tram/light rail, 3 bus';

CREATE TABLE stops (
    stop_id              text PRIMARY KEY,
    stop_code            integer NOT NULL UNIQUE,
    stop_name            text NOT NULL,
    stop_lat             numeric(8,5) NOT NULL,
    stop_lon             numeric(8,5) NOT NULL,
    zone_id              text NOT NULL,
    wheelchair_boarding  smallint NOT NULL DEFAULT 0,
    has_shelter          boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN stops.wheelchair_boarding IS '0 no information, 1 wheelchair boarding possible, 2 not possible';

CREATE TABLE trips (
    trip_id                text PRIMARY KEY,
    route_id               text NOT NULL REFERENCES routes (route_id),
    service_id             text NOT NULL,
    direction_id           smallint NOT NULL,
    trip_headsign          text NOT NULL,
    wheelchair_accessible  smallint NOT NULL DEFAULT 0
);
COMMENT ON COLUMN trips.service_id IS 'WKDY weekdays, SAT saturdays, SUN sundays and holidays';
COMMENT ON COLUMN trips.wheelchair_accessible IS '0 no information, 1 accessible vehicle, 2 not accessible';

CREATE TABLE stop_times (
    trip_id              text NOT NULL REFERENCES trips (trip_id),
    stop_sequence        integer NOT NULL,
    stop_id              text NOT NULL REFERENCES stops (stop_id),
    arrival_time         time NOT NULL,
    departure_time       time NOT NULL,
    shape_dist_traveled  numeric(6,2) NOT NULL,
    PRIMARY KEY (trip_id, stop_sequence)
);

CREATE TABLE vehicles (
    vehicle_id       text PRIMARY KEY,
    depot_id         text NOT NULL REFERENCES depots (depot_id),
    make             text NOT NULL,
    model            text NOT NULL,
    fuel_type        text NOT NULL,
    seated_capacity  integer NOT NULL,
    in_service_date  date NOT NULL,
    odometer_km      integer NOT NULL
);

CREATE TABLE drivers (
    driver_id      integer PRIMARY KEY,
    badge_number   text NOT NULL UNIQUE,
    first_name     text NOT NULL,
    last_name      text NOT NULL,
    home_depot_id  text NOT NULL REFERENCES depots (depot_id),
    hire_date      date NOT NULL,
    is_trainer     boolean NOT NULL DEFAULT false
);

CREATE TABLE fare_transactions (
    transaction_id  bigint PRIMARY KEY,
    tapped_at       timestamptz NOT NULL,
    route_id        text NOT NULL REFERENCES routes (route_id),
    stop_id         text NOT NULL REFERENCES stops (stop_id),
    fare_type       text NOT NULL,
    payment_method  text NOT NULL,
    fare_amount     numeric(5,2) NOT NULL
);

CREATE TABLE service_incidents (
    incident_id    integer PRIMARY KEY,
    route_id       text NOT NULL REFERENCES routes (route_id),
    vehicle_id     text NOT NULL REFERENCES vehicles (vehicle_id),
    driver_id      integer REFERENCES drivers (driver_id),
    stop_id        text REFERENCES stops (stop_id),
    reported_at    timestamptz NOT NULL,
    incident_type  text NOT NULL,
    delay_minutes  integer NOT NULL,
    resolved_at    timestamptz
);
