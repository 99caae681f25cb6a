-- A zoo: species, enclosures, animals, keepers, a keeper rota (many-to-many) and the feeding
-- log. snake_case plural tables, <table>_id keys, comments on some tables and columns.
CREATE TABLE species (
    species_id           integer PRIMARY KEY,
    common_name          text NOT NULL,
    animal_class         text NOT NULL,
    diet                 text NOT NULL,
    conservation_status  text NOT NULL
);
COMMENT ON COLUMN species.animal_class IS 'mammal, bird or reptile';
COMMENT ON COLUMN species.conservation_status IS 'IUCN status: least concern, vulnerable or endangered';

CREATE TABLE enclosures (
    enclosure_id  integer PRIMARY KEY,
    name          text NOT NULL,
    zone          text NOT NULL,
    area_sqm      integer NOT NULL,
    opened_year   integer NOT NULL
);
COMMENT ON TABLE enclosures IS 'habitats, pens and houses';

CREATE TABLE animals (
    animal_id     integer PRIMARY KEY,
    name          text NOT NULL,
    species_id    integer NOT NULL REFERENCES species (species_id),
    enclosure_id  integer NOT NULL REFERENCES enclosures (enclosure_id),
    sex           char(1) NOT NULL,
    born_on       date NOT NULL,
    arrived_on    date NOT NULL,
    departed_on   date,
    weight_kg     numeric(7,1) NOT NULL
);
COMMENT ON COLUMN animals.sex IS 'M or F';
COMMENT ON COLUMN animals.departed_on IS 'null while the animal lives here; set when it was transferred or died';

CREATE TABLE keepers (
    keeper_id   integer PRIMARY KEY,
    name        text NOT NULL,
    hired_on    date NOT NULL,
    is_head     boolean NOT NULL
);
COMMENT ON TABLE keepers IS 'zookeepers, animal care staff';
COMMENT ON COLUMN keepers.is_head IS 'head keeper';

CREATE TABLE keeper_enclosures (
    keeper_id     integer NOT NULL REFERENCES keepers (keeper_id),
    enclosure_id  integer NOT NULL REFERENCES enclosures (enclosure_id),
    PRIMARY KEY (keeper_id, enclosure_id)
);
COMMENT ON TABLE keeper_enclosures IS 'rota: which keepers look after which enclosures';

CREATE TABLE feedings (
    feeding_id  integer PRIMARY KEY,
    animal_id   integer NOT NULL REFERENCES animals (animal_id),
    keeper_id   integer NOT NULL REFERENCES keepers (keeper_id),
    fed_at      timestamp NOT NULL,
    food        text NOT NULL,
    qty_kg      numeric(6,2) NOT NULL
);
COMMENT ON TABLE feedings IS 'feeding log';
