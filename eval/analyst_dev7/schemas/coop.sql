-- A grain and produce farmers' co-operative (Victoria/NSW, Australia): members and their farms,
-- the crops the co-op receives with a base price per tonne, receival depots, deliveries (a truck
-- load of one crop from one farm to one depot), the grading of each delivery against a grade
-- table with a price factor, and the payments made to members per delivery. Written the way an
-- old SQL Server team writes DDL: unquoted PascalCase with a "tbl" prefix (PostgreSQL folds it to
-- lower case: tblmember.memberid), singular table names, coded statuses, a few comments.
CREATE TABLE tblMember (
    MemberID    integer PRIMARY KEY,
    MemberNo    varchar(8) NOT NULL UNIQUE,
    FirstName   varchar(40) NOT NULL,
    LastName    varchar(40) NOT NULL,
    JoinDate    date NOT NULL,
    StatusCd    char(1) NOT NULL,
    ShareUnits  integer NOT NULL,
    Phone       varchar(20)
);
COMMENT ON COLUMN tblMember.StatusCd IS 'A = active, L = lapsed, S = suspended';
COMMENT ON COLUMN tblMember.ShareUnits IS 'co-operative shares held by the member';

CREATE TABLE tblFarm (
    FarmID     integer PRIMARY KEY,
    MemberID   integer NOT NULL REFERENCES tblMember (MemberID),
    FarmName   varchar(60) NOT NULL,
    District   varchar(40) NOT NULL,
    Hectares   numeric(7,1) NOT NULL,
    IsOrganic  boolean NOT NULL
);

CREATE TABLE tblCrop (
    CropID         integer PRIMARY KEY,
    CropName       varchar(30) NOT NULL UNIQUE,
    CropGroup      varchar(20) NOT NULL,
    BasePricePerT  numeric(8,2) NOT NULL
);
COMMENT ON COLUMN tblCrop.BasePricePerT IS 'base price paid per tonne before the grade factor';

CREATE TABLE tblDepot (
    DepotID    integer PRIMARY KEY,
    DepotName  varchar(40) NOT NULL,
    Town       varchar(40) NOT NULL,
    CapacityT  integer NOT NULL
);

CREATE TABLE tblGrade (
    GradeCd      varchar(4) PRIMARY KEY,
    GradeDesc    varchar(40) NOT NULL,
    PriceFactor  numeric(4,2) NOT NULL
);

CREATE TABLE tblDelivery (
    DeliveryID   integer PRIMARY KEY,
    FarmID       integer NOT NULL REFERENCES tblFarm (FarmID),
    CropID       integer NOT NULL REFERENCES tblCrop (CropID),
    DepotID      integer NOT NULL REFERENCES tblDepot (DepotID),
    DeliveredOn  date NOT NULL,
    GrossKg      integer NOT NULL,
    NetKg        integer NOT NULL,
    MoisturePct  numeric(4,1) NOT NULL,
    TruckRego    varchar(10)
);
COMMENT ON COLUMN tblDelivery.NetKg IS 'weight after tare and dockage, kg';

CREATE TABLE tblGrading (
    GradingID   integer PRIMARY KEY,
    DeliveryID  integer NOT NULL UNIQUE REFERENCES tblDelivery (DeliveryID),
    GradeCd     varchar(4) NOT NULL REFERENCES tblGrade (GradeCd),
    GradedOn    date NOT NULL,
    Inspector   varchar(40) NOT NULL,
    ProteinPct  numeric(4,1)
);

CREATE TABLE tblPayment (
    PaymentID   integer PRIMARY KEY,
    DeliveryID  integer NOT NULL REFERENCES tblDelivery (DeliveryID),
    PaidOn      date NOT NULL,
    AmountAUD   numeric(10,2) NOT NULL,
    PayMethod   varchar(10) NOT NULL
);
