-- A blood service: donors, donation sites (fixed centres and mobile buses), donations,
-- hospitals and the blood components shipped to them. Quoted mixed-case identifiers
-- (PascalCase tables, camelCase columns, as ORMs create them), "<table>Id" keys, no comments.
CREATE TABLE "Donor" (
    "donorId"       integer PRIMARY KEY,
    "firstName"     text NOT NULL,
    "lastName"      text NOT NULL,
    "bloodGroup"    text NOT NULL,
    "birthDate"     date NOT NULL,
    "homeCity"      text NOT NULL,
    "registeredOn"  date NOT NULL
);

CREATE TABLE "Site" (
    "siteId"    integer PRIMARY KEY,
    "siteName"  text NOT NULL,
    "city"      text NOT NULL,
    "isMobile"  boolean NOT NULL
);

CREATE TABLE "Donation" (
    "donationId"  integer PRIMARY KEY,
    "donorId"     integer NOT NULL REFERENCES "Donor" ("donorId"),
    "siteId"      integer NOT NULL REFERENCES "Site" ("siteId"),
    "donatedAt"   timestamp NOT NULL,
    "volumeMl"    integer NOT NULL,
    "hemoglobin"  numeric(4,1) NOT NULL,
    "outcome"     text NOT NULL
);

CREATE TABLE "Hospital" (
    "hospitalId"    integer PRIMARY KEY,
    "hospitalName"  text NOT NULL,
    "city"          text NOT NULL
);

CREATE TABLE "UnitShipment" (
    "shipmentId"  integer PRIMARY KEY,
    "donationId"  integer NOT NULL REFERENCES "Donation" ("donationId"),
    "hospitalId"  integer NOT NULL REFERENCES "Hospital" ("hospitalId"),
    "component"   text NOT NULL,
    "shippedOn"   date NOT NULL
);
