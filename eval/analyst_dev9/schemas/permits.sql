-- A city's building-permits and inspections office: applicants (homeowners, contractors,
-- developers, architects), the parcels of land work happens on, permits (one permit type
-- each, applied for, then issued or denied or withdrawn; an issued permit expires 180 days
-- after issue unless its final inspection passes, which "finals" it), the inspections
-- done on a permit by an inspector, the fees assessed on a permit (unpaid: no paid date)
-- and code violations cited on a parcel (some found during an inspection; open ones have no
-- resolved date). Written in a SQL Server habit: quoted PascalCase tables with a tbl prefix
-- and quoted PascalCase columns ("PermitID", "IssuedDate"); the fee and permit-type tables
-- came from an older system with a t_ prefix and snake_case.
CREATE TABLE "tblApplicant" (
    "ApplicantID"    integer PRIMARY KEY,
    "FirstName"      text NOT NULL,
    "LastName"       text NOT NULL,
    "CompanyName"    text,
    "ApplicantType"  text NOT NULL,
    "Phone"          text NOT NULL,
    "CreatedDate"    date NOT NULL
);
COMMENT ON COLUMN "tblApplicant"."ApplicantType" IS 'Homeowner, Contractor, Developer or Architect';

CREATE TABLE "tblParcel" (
    "ParcelID"       integer PRIMARY KEY,
    "APN"            text NOT NULL UNIQUE,
    "StreetAddress"  text NOT NULL,
    "Neighborhood"   text NOT NULL,
    "ZoningCode"     varchar(6) NOT NULL,
    "LotSqFt"        integer NOT NULL,
    "AssessedValue"  numeric(12,2) NOT NULL
);
COMMENT ON COLUMN "tblParcel"."APN" IS 'assessor parcel number';
COMMENT ON COLUMN "tblParcel"."ZoningCode" IS 'R-1 single family, R-2 multi family, C-1 commercial, M-1 industrial';

CREATE TABLE t_permit_type (
    permit_type_id  integer PRIMARY KEY,
    type_code       char(3) NOT NULL UNIQUE,
    type_name       text NOT NULL,
    base_fee        numeric(8,2) NOT NULL,
    target_days     integer NOT NULL
);
COMMENT ON COLUMN t_permit_type.target_days IS 'target plan review time in days';

CREATE TABLE "tblPermit" (
    "PermitID"        integer PRIMARY KEY,
    "PermitNumber"    text NOT NULL UNIQUE,
    "ParcelID"        integer NOT NULL REFERENCES "tblParcel" ("ParcelID"),
    "ApplicantID"     integer NOT NULL REFERENCES "tblApplicant" ("ApplicantID"),
    "PermitTypeID"    integer NOT NULL REFERENCES t_permit_type (permit_type_id),
    "AppliedDate"     date NOT NULL,
    "IssuedDate"      date,
    "ExpirationDate"  date,
    "Status"          text NOT NULL,
    "Valuation"       numeric(12,2) NOT NULL,
    "WorkDescription" text NOT NULL
);
COMMENT ON COLUMN "tblPermit"."Status" IS 'Submitted, Under Review, Issued, Finaled, Expired, Denied or Withdrawn';
COMMENT ON COLUMN "tblPermit"."Valuation" IS 'declared construction value of the work';

CREATE TABLE "Inspector" (
    "InspectorID"  integer PRIMARY KEY,
    "FullName"     text NOT NULL,
    "Discipline"   text NOT NULL,
    "HireDate"     date NOT NULL,
    "IsActive"     boolean NOT NULL
);

CREATE TABLE "tblInspection" (
    "InspectionID"   integer PRIMARY KEY,
    "PermitID"       integer NOT NULL REFERENCES "tblPermit" ("PermitID"),
    "InspectorID"    integer NOT NULL REFERENCES "Inspector" ("InspectorID"),
    "InspType"       text NOT NULL,
    "ScheduledDate"  date NOT NULL,
    "CompletedDate"  date,
    "Result"         text
);
COMMENT ON COLUMN "tblInspection"."Result" IS 'Pass, Fail, Partial or Cancelled; empty until done';

CREATE TABLE t_fee (
    fee_id       integer PRIMARY KEY,
    permit_id    integer NOT NULL REFERENCES "tblPermit" ("PermitID"),
    fee_type     text NOT NULL,
    amount       numeric(10,2) NOT NULL,
    assessed_on  date NOT NULL,
    paid_on      date
);

CREATE TABLE "tblViolation" (
    "ViolationID"   integer PRIMARY KEY,
    "ParcelID"      integer NOT NULL REFERENCES "tblParcel" ("ParcelID"),
    "InspectionID"  integer REFERENCES "tblInspection" ("InspectionID"),
    "CodeSection"   text NOT NULL,
    "Severity"      text NOT NULL,
    "CitedDate"     date NOT NULL,
    "ResolvedDate"  date,
    "FineAmt"       numeric(9,2) NOT NULL
);
