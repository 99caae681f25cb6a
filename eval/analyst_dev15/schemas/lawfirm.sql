-- A law firm's practice management database (created from a SQL Server style script: PascalCase
-- names, unquoted, so PostgreSQL folds them to lower case). Clients open matters (cases) in a
-- practice area, led by an attorney; attorneys and paralegals record time entries against
-- matters; matters are invoiced monthly and clients pay invoices; litigation matters have court
-- dates.
CREATE TABLE PracticeArea (
    PracticeAreaID  integer PRIMARY KEY,
    AreaName        varchar(40) NOT NULL UNIQUE
);

CREATE TABLE Attorney (
    AttorneyID        integer PRIMARY KEY,
    FirstName         varchar(30) NOT NULL,
    LastName          varchar(30) NOT NULL,
    Title             varchar(20) NOT NULL,
    PracticeAreaID    integer NOT NULL REFERENCES PracticeArea (PracticeAreaID),
    StandardRate      numeric(7,2) NOT NULL,
    BarAdmissionDate  date,
    HireDate          date NOT NULL,
    IsActive          boolean NOT NULL DEFAULT true
);
COMMENT ON COLUMN Attorney.Title IS 'Partner, Associate, Of Counsel or Paralegal (paralegals have no bar admission)';
COMMENT ON COLUMN Attorney.StandardRate IS 'standard hourly billing rate in USD';

CREATE TABLE Client (
    ClientID     integer PRIMARY KEY,
    ClientName   varchar(80) NOT NULL,
    ClientType   varchar(12) NOT NULL,
    Industry     varchar(30),
    City         varchar(30) NOT NULL,
    IntakeDate   date NOT NULL
);

CREATE TABLE Matter (
    MatterID         integer PRIMARY KEY,
    MatterNumber     varchar(12) NOT NULL UNIQUE,
    MatterName       varchar(100) NOT NULL,
    ClientID         integer NOT NULL REFERENCES Client (ClientID),
    PracticeAreaID   integer NOT NULL REFERENCES PracticeArea (PracticeAreaID),
    LeadAttorneyID   integer NOT NULL REFERENCES Attorney (AttorneyID),
    FeeArrangement   varchar(12) NOT NULL,
    OpenedDate       date NOT NULL,
    ClosedDate       date
);
COMMENT ON COLUMN Matter.ClosedDate IS 'null while the matter is still open';

CREATE TABLE TimeEntry (
    EntryID      integer PRIMARY KEY,
    MatterID     integer NOT NULL REFERENCES Matter (MatterID),
    AttorneyID   integer NOT NULL REFERENCES Attorney (AttorneyID),
    WorkDate     date NOT NULL,
    HoursBilled  numeric(4,1) NOT NULL,
    RateCharged  numeric(7,2) NOT NULL,
    IsBillable   boolean NOT NULL DEFAULT true,
    Narrative    varchar(120) NOT NULL
);
COMMENT ON COLUMN TimeEntry.HoursBilled IS 'hours worked, in tenths of an hour; billed only when IsBillable';

CREATE TABLE Invoice (
    InvoiceID      integer PRIMARY KEY,
    InvoiceNumber  varchar(14) NOT NULL UNIQUE,
    MatterID       integer NOT NULL REFERENCES Matter (MatterID),
    InvoiceDate    date NOT NULL,
    DueDate        date NOT NULL,
    AmountBilled   numeric(10,2) NOT NULL
);

CREATE TABLE Payment (
    PaymentID    integer PRIMARY KEY,
    InvoiceID    integer NOT NULL REFERENCES Invoice (InvoiceID),
    PaymentDate  date NOT NULL,
    Amount       numeric(10,2) NOT NULL,
    Method       varchar(10) NOT NULL
);

CREATE TABLE CourtDate (
    CourtDateID   integer PRIMARY KEY,
    MatterID      integer NOT NULL REFERENCES Matter (MatterID),
    AttorneyID    integer NOT NULL REFERENCES Attorney (AttorneyID),
    HearingAt     timestamp NOT NULL,
    CourtName     varchar(60) NOT NULL,
    HearingType   varchar(20) NOT NULL
);
