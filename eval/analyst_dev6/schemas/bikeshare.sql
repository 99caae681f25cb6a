-- A city bike-share scheme: docking stations by neighborhood, the bikes (classic or
-- electric; retired bikes keep their retirement date), riders with their membership, trips
-- (each from a start station to an end station, both foreign keys to stations, with fare and
-- distance) and repairs (open repairs have no fixed date). Plain plural snake_case tables,
-- "<entity>_id" keys.
CREATE TABLE stations (
    station_id    integer PRIMARY KEY,
    station_name  text NOT NULL,
    neighborhood  text NOT NULL,
    dock_count    integer NOT NULL,
    opened_on     date NOT NULL
);

CREATE TABLE bikes (
    bike_id          integer PRIMARY KEY,
    bike_type        text NOT NULL,
    commissioned_on  date NOT NULL,
    retired_on       date
);

CREATE TABLE riders (
    rider_id       integer PRIMARY KEY,
    first_name     text NOT NULL,
    last_name      text NOT NULL,
    date_of_birth  date NOT NULL,
    signed_up_on   date NOT NULL,
    membership     text NOT NULL
);

CREATE TABLE trips (
    trip_id           integer PRIMARY KEY,
    rider_id          integer NOT NULL REFERENCES riders (rider_id),
    bike_id           integer NOT NULL REFERENCES bikes (bike_id),
    start_station_id  integer NOT NULL REFERENCES stations (station_id),
    end_station_id    integer NOT NULL REFERENCES stations (station_id),
    started_at        timestamp NOT NULL,
    ended_at          timestamp NOT NULL,
    distance_km       numeric(5,2) NOT NULL,
    fare              numeric(6,2) NOT NULL
);

CREATE TABLE repairs (
    repair_id    integer PRIMARY KEY,
    bike_id      integer NOT NULL REFERENCES bikes (bike_id),
    reported_on  date NOT NULL,
    fixed_on     date,
    issue        text NOT NULL,
    cost         numeric(7,2)
);
COMMENT ON COLUMN repairs.fixed_on IS 'null while the repair is open';
