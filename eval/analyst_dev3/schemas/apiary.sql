-- Beekeeping: beekeepers, bee yards (apiaries), hives (removed ones keep an end date),
-- inspections and honey harvests. snake_case, abbreviations (insp_, _kg, _per_100),
-- "<table>_id" keys, some comments.
CREATE TABLE beekeepers (
    keeper_id   integer PRIMARY KEY,
    full_name   text NOT NULL,
    joined_on   date NOT NULL,
    certified   boolean NOT NULL
);

CREATE TABLE yards (
    yard_id     integer PRIMARY KEY,
    yard_name   text NOT NULL,
    region      text NOT NULL,
    keeper_id   integer NOT NULL REFERENCES beekeepers (keeper_id)
);
COMMENT ON TABLE yards IS 'apiary sites where hives stand';

CREATE TABLE hives (
    hive_id       integer PRIMARY KEY,
    yard_id       integer NOT NULL REFERENCES yards (yard_id),
    hive_code     text NOT NULL,
    hive_type     text NOT NULL,
    installed_on  date NOT NULL,
    removed_on    date,
    queen_year    integer NOT NULL
);
COMMENT ON COLUMN hives.removed_on IS 'null while the hive is still in use';

CREATE TABLE inspections (
    insp_id          integer PRIMARY KEY,
    hive_id          integer NOT NULL REFERENCES hives (hive_id),
    keeper_id        integer NOT NULL REFERENCES beekeepers (keeper_id),
    insp_date        date NOT NULL,
    colony_strength  integer NOT NULL,
    mites_per_100    numeric(4,1) NOT NULL,
    queen_seen       boolean NOT NULL
);
COMMENT ON COLUMN inspections.mites_per_100 IS 'varroa mites counted per 100 bees';
COMMENT ON COLUMN inspections.colony_strength IS 'frames covered with bees, 1 to 10';

CREATE TABLE harvests (
    harvest_id    integer PRIMARY KEY,
    hive_id       integer NOT NULL REFERENCES hives (hive_id),
    harvest_date  date NOT NULL,
    honey_kg      numeric(5,1) NOT NULL,
    grade         text NOT NULL
);
