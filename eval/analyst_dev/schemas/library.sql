-- A public library network: branches, members, the catalogue and its loans.
CREATE TABLE branches (
    branch_id   integer PRIMARY KEY,
    name        text NOT NULL,
    city        text NOT NULL,
    opened_on   date NOT NULL,
    seats       integer NOT NULL
);
COMMENT ON TABLE branches IS 'library locations';
COMMENT ON COLUMN branches.seats IS 'reading room capacity';

CREATE TABLE members (
    member_id       integer PRIMARY KEY,
    full_name       text NOT NULL,
    home_branch_id  integer NOT NULL REFERENCES branches (branch_id),
    card_type       text NOT NULL,
    birth_date      date NOT NULL,
    joined_on       date NOT NULL,
    email           text
);
COMMENT ON TABLE members IS 'library card holders, patrons';
COMMENT ON COLUMN members.card_type IS 'adult, child or senior';
COMMENT ON COLUMN members.home_branch_id IS 'branch where the card was issued';

CREATE TABLE books (
    book_id          integer PRIMARY KEY,
    title            text NOT NULL,
    author           text NOT NULL,
    genre            text NOT NULL,
    published_year   integer NOT NULL,
    pages            integer NOT NULL,
    replacement_cost numeric(8,2) NOT NULL
);
COMMENT ON TABLE books IS 'catalogue titles';

CREATE TABLE loans (
    loan_id      integer PRIMARY KEY,
    book_id      integer NOT NULL REFERENCES books (book_id),
    member_id    integer NOT NULL REFERENCES members (member_id),
    branch_id    integer NOT NULL REFERENCES branches (branch_id),
    checked_out  date NOT NULL,
    due_on       date NOT NULL,
    returned_on  date,
    late_fee     numeric(6,2) NOT NULL DEFAULT 0
);
COMMENT ON TABLE loans IS 'checkouts, borrowings';
COMMENT ON COLUMN loans.returned_on IS 'null while the book is still out';
COMMENT ON COLUMN loans.late_fee IS 'overdue fine charged on return';
