-- An indoor climbing gym: members (a cancelled membership keeps its end date), instructors,
-- lessons they teach, who booked which lesson (a bridge with the amount paid and no date of
-- its own), the boulder routes set on the walls (stripped routes keep the day they came
-- down), members' logged ascents and day-pass sales. Singular snake_case tables, "id" keys,
-- "<table>_id" foreign keys, a few comments.
CREATE TABLE member (
    id            integer PRIMARY KEY,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    birth_date    date NOT NULL,
    joined_on     date NOT NULL,
    cancelled_on  date,
    plan          text NOT NULL,
    monthly_fee   numeric(6,2) NOT NULL
);
COMMENT ON COLUMN member.cancelled_on IS 'null while the membership is active';

CREATE TABLE instructor (
    id           integer PRIMARY KEY,
    full_name    text NOT NULL,
    hired_on     date NOT NULL,
    hourly_rate  numeric(5,2) NOT NULL
);

CREATE TABLE lesson (
    id             integer PRIMARY KEY,
    instructor_id  integer NOT NULL REFERENCES instructor (id),
    title          text NOT NULL,
    starts_at      timestamp NOT NULL,
    capacity       integer NOT NULL,
    price          numeric(6,2) NOT NULL,
    status         text NOT NULL
);

CREATE TABLE lesson_booking (
    lesson_id  integer NOT NULL REFERENCES lesson (id),
    member_id  integer NOT NULL REFERENCES member (id),
    paid       numeric(6,2) NOT NULL,
    PRIMARY KEY (lesson_id, member_id)
);
COMMENT ON TABLE lesson_booking IS 'which members booked each lesson';

CREATE TABLE route (
    id           integer PRIMARY KEY,
    wall         text NOT NULL,
    grade        text NOT NULL,
    colour       text NOT NULL,
    set_on       date NOT NULL,
    stripped_on  date
);
COMMENT ON COLUMN route.stripped_on IS 'null while the route is still up';

CREATE TABLE ascent (
    id          integer PRIMARY KEY,
    member_id   integer NOT NULL REFERENCES member (id),
    route_id    integer NOT NULL REFERENCES route (id),
    climbed_on  date NOT NULL,
    attempts    integer NOT NULL,
    is_flash    boolean NOT NULL
);
COMMENT ON TABLE ascent IS 'a route a member logged as climbed';

CREATE TABLE day_pass (
    id         integer PRIMARY KEY,
    sold_at    timestamp NOT NULL,
    pass_type  text NOT NULL,
    visitors   integer NOT NULL,
    price      numeric(6,2) NOT NULL,
    payment    text NOT NULL
);
