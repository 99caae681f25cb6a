-- A community theatre's box office, as an ORM created it: singular table names, an id
-- key on every table, camelCase names written unquoted so PostgreSQL folds them to
-- lower case (showDate -> showdate, productionId -> productionid). Productions run in a
-- venue as dated performances; a venue's seats are grouped in sections; a ticket sells one
-- seat of one performance, to a patron when the buyer is known; patrons may hold a
-- membership and give donations.
CREATE TABLE venue (
    id         integer PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    address    text NOT NULL,
    isOutdoor  boolean NOT NULL DEFAULT false
);

CREATE TABLE section (
    id         integer PRIMARY KEY,
    venueId    integer NOT NULL REFERENCES venue (id),
    name       text NOT NULL,
    basePrice  numeric(6,2) NOT NULL
);

CREATE TABLE seat (
    id            integer PRIMARY KEY,
    sectionId     integer NOT NULL REFERENCES section (id),
    rowLabel      text NOT NULL,
    seatNumber    integer NOT NULL,
    isAccessible  boolean NOT NULL DEFAULT false,
    UNIQUE (sectionId, rowLabel, seatNumber)
);
COMMENT ON COLUMN seat.isAccessible IS 'wheelchair accessible';

CREATE TABLE production (
    id           integer PRIMARY KEY,
    title        text NOT NULL,
    playwright   text NOT NULL,
    director     text NOT NULL,
    genre        text NOT NULL,
    openingNight date NOT NULL,
    closingNight date NOT NULL
);

CREATE TABLE performance (
    id            integer PRIMARY KEY,
    productionId  integer NOT NULL REFERENCES production (id),
    venueId       integer NOT NULL REFERENCES venue (id),
    showDate      timestamp NOT NULL,
    isMatinee     boolean NOT NULL,
    status        text NOT NULL
);
COMMENT ON COLUMN performance.showDate IS 'curtain time';
COMMENT ON COLUMN performance.status IS 'scheduled, played or cancelled';

CREATE TABLE patron (
    id          integer PRIMARY KEY,
    firstName   text NOT NULL,
    lastName    text NOT NULL,
    email       text,
    zipCode     text NOT NULL,
    city        text NOT NULL,
    birthYear   integer,
    createdAt   timestamp NOT NULL
);

CREATE TABLE membership (
    id         integer PRIMARY KEY,
    patronId   integer NOT NULL REFERENCES patron (id),
    tier       text NOT NULL,
    startDate  date NOT NULL,
    endDate    date NOT NULL,
    fee        numeric(7,2) NOT NULL
);

CREATE TABLE ticket (
    id             integer PRIMARY KEY,
    performanceId  integer NOT NULL REFERENCES performance (id),
    seatId         integer NOT NULL REFERENCES seat (id),
    patronId       integer REFERENCES patron (id),
    soldAt         timestamp NOT NULL,
    pricePaid      numeric(6,2) NOT NULL,
    salesChannel   text NOT NULL,
    isComp         boolean NOT NULL DEFAULT false,
    refunded       boolean NOT NULL DEFAULT false,
    UNIQUE (performanceId, seatId)
);
COMMENT ON COLUMN ticket.pricePaid IS 'what the buyer paid after discounts; 0 for comps';

CREATE TABLE donation (
    id         integer PRIMARY KEY,
    patronId   integer NOT NULL REFERENCES patron (id),
    amount     numeric(9,2) NOT NULL,
    givenOn    date NOT NULL,
    campaign   text NOT NULL
);
