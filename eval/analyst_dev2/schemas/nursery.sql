-- A day nursery: rooms, children, their guardians (many-to-many), staff, attendance and
-- fee invoices. tbl_ prefixes, abbreviated names, and good comments throughout.
CREATE TABLE tbl_room (
    room_id     integer PRIMARY KEY,
    room_name   text NOT NULL,
    age_group   text NOT NULL,
    capacity    integer NOT NULL
);
COMMENT ON TABLE tbl_room IS 'rooms or groups the children are placed in, classrooms';
COMMENT ON COLUMN tbl_room.age_group IS 'babies, toddlers or preschool';
COMMENT ON COLUMN tbl_room.capacity IS 'maximum number of places';

CREATE TABLE tbl_child (
    child_id      integer PRIMARY KEY,
    first_nm      text NOT NULL,
    last_nm       text NOT NULL,
    birth_dt      date NOT NULL,
    room_id       integer NOT NULL REFERENCES tbl_room (room_id),
    enrolled_on   date NOT NULL,
    left_on       date,
    has_allergy   boolean NOT NULL,
    funded_hrs    integer NOT NULL
);
COMMENT ON TABLE tbl_child IS 'kids enrolled at the nursery, pupils';
COMMENT ON COLUMN tbl_child.birth_dt IS 'date of birth';
COMMENT ON COLUMN tbl_child.left_on IS 'the day the child left; null while the child still attends';
COMMENT ON COLUMN tbl_child.has_allergy IS 'true when the child has a food allergy';
COMMENT ON COLUMN tbl_child.funded_hrs IS 'government funded hours per week';

CREATE TABLE tbl_guardian (
    guardian_id   integer PRIMARY KEY,
    guardian_nm   text NOT NULL,
    relation      text NOT NULL,
    phone         text NOT NULL
);
COMMENT ON TABLE tbl_guardian IS 'parents and carers';
COMMENT ON COLUMN tbl_guardian.relation IS 'relationship to the child: mother, father, grandparent or carer';

CREATE TABLE tbl_child_guardian (
    child_id     integer NOT NULL REFERENCES tbl_child (child_id),
    guardian_id  integer NOT NULL REFERENCES tbl_guardian (guardian_id),
    PRIMARY KEY (child_id, guardian_id)
);
COMMENT ON TABLE tbl_child_guardian IS 'which guardians are linked to which children';

CREATE TABLE tbl_staff (
    staff_id    integer PRIMARY KEY,
    staff_nm    text NOT NULL,
    job_role    text NOT NULL,
    room_id     integer REFERENCES tbl_room (room_id),
    start_dt    date NOT NULL,
    salary      numeric(9,2) NOT NULL
);
COMMENT ON TABLE tbl_staff IS 'employees, nursery workers';
COMMENT ON COLUMN tbl_staff.job_role IS 'practitioner, room leader, manager or cook';
COMMENT ON COLUMN tbl_staff.room_id IS 'the room they work in; null for staff not tied to a room';
COMMENT ON COLUMN tbl_staff.salary IS 'yearly salary';

CREATE TABLE tbl_attendance (
    attendance_id  integer PRIMARY KEY,
    child_id       integer NOT NULL REFERENCES tbl_child (child_id),
    att_date       date NOT NULL,
    hrs            numeric(4,1) NOT NULL
);
COMMENT ON TABLE tbl_attendance IS 'daily sign-in register: one row per child per day attended';
COMMENT ON COLUMN tbl_attendance.hrs IS 'hours attended that day';

CREATE TABLE tbl_invoice (
    invoice_id  integer PRIMARY KEY,
    child_id    integer NOT NULL REFERENCES tbl_child (child_id),
    issued_on   date NOT NULL,
    amount      numeric(8,2) NOT NULL,
    paid        boolean NOT NULL
);
COMMENT ON TABLE tbl_invoice IS 'monthly fee bills sent to parents';
