-- A symphony orchestra: musicians (leavers keep an end date), concert venues, concerts,
-- who played in which concert (a bridge with the fee paid for that concert) and ticket
-- sales. snake_case, "<table>_id" keys, a few comments.
CREATE TABLE musicians (
    musician_id   integer PRIMARY KEY,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    section       text NOT NULL,
    instrument    text NOT NULL,
    birth_date    date NOT NULL,
    joined_on     date NOT NULL,
    left_on       date,
    is_principal  boolean NOT NULL,
    monthly_salary numeric(8,2) NOT NULL
);
COMMENT ON COLUMN musicians.left_on IS 'null while the musician is still in the orchestra';

CREATE TABLE venues (
    venue_id    integer PRIMARY KEY,
    venue_name  text NOT NULL,
    city        text NOT NULL,
    capacity    integer NOT NULL
);

CREATE TABLE concerts (
    concert_id    integer PRIMARY KEY,
    venue_id      integer NOT NULL REFERENCES venues (venue_id),
    title         text NOT NULL,
    conductor     text NOT NULL,
    concert_date  date NOT NULL,
    status        text NOT NULL,
    duration_min  integer NOT NULL
);

CREATE TABLE concert_musicians (
    concert_id   integer NOT NULL REFERENCES concerts (concert_id),
    musician_id  integer NOT NULL REFERENCES musicians (musician_id),
    fee          numeric(7,2) NOT NULL,
    PRIMARY KEY (concert_id, musician_id)
);
COMMENT ON TABLE concert_musicians IS 'who played in each concert';

CREATE TABLE ticket_sales (
    sale_id     integer PRIMARY KEY,
    concert_id  integer NOT NULL REFERENCES concerts (concert_id),
    sold_at     timestamp NOT NULL,
    seats       integer NOT NULL,
    amount      numeric(9,2) NOT NULL,
    channel     text NOT NULL
);
