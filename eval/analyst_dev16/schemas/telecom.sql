-- A mobile operator's subscriber database as its ORM created it: quoted camelCase names, so every
-- table and column keeps its case. Subscribers hold lines (SIM subscriptions with a phone number)
-- on a plan, optionally with a handset; usage records are calls, texts and data sessions, carried
-- by a cell tower at home or roaming abroad; postpaid lines get monthly bills, prepaid lines top up.
CREATE TABLE "plans" (
    "planId"           integer PRIMARY KEY,
    "planName"         text NOT NULL UNIQUE,
    "planType"         text NOT NULL CHECK ("planType" IN ('prepaid', 'postpaid')),
    "monthlyFee"       numeric(7,2) NOT NULL,
    "dataAllowanceGb"  integer,
    "includesRoaming"  boolean NOT NULL DEFAULT false,
    "isActive"         boolean NOT NULL DEFAULT true,
    "launchedAt"       date NOT NULL
);
COMMENT ON COLUMN "plans"."dataAllowanceGb" IS 'monthly data allowance in GB; NULL means unlimited';

CREATE TABLE "subscribers" (
    "subscriberId"  integer PRIMARY KEY,
    "firstName"     text NOT NULL,
    "lastName"      text NOT NULL,
    "email"         text NOT NULL UNIQUE,
    "city"          text NOT NULL,
    "birthDate"     date NOT NULL,
    "isBusiness"    boolean NOT NULL DEFAULT false,
    "createdAt"     timestamptz NOT NULL
);

CREATE TABLE "devices" (
    "deviceId"      integer PRIMARY KEY,
    "manufacturer"  text NOT NULL,
    "modelName"     text NOT NULL UNIQUE,
    "releaseYear"   integer NOT NULL,
    "supports5g"    boolean NOT NULL,
    "retailPrice"   numeric(8,2) NOT NULL
);

CREATE TABLE "lines" (
    "lineId"        integer PRIMARY KEY,
    "phoneNumber"   text NOT NULL UNIQUE,
    "subscriberId"  integer NOT NULL REFERENCES "subscribers" ("subscriberId"),
    "planId"        integer NOT NULL REFERENCES "plans" ("planId"),
    "deviceId"      integer REFERENCES "devices" ("deviceId"),
    "status"        text NOT NULL CHECK ("status" IN ('active', 'suspended', 'cancelled')),
    "startedAt"     date NOT NULL,
    "endedAt"       date,
    "portedIn"      boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN "lines"."deviceId" IS 'handset sold with the line; NULL for SIM-only lines';
COMMENT ON COLUMN "lines"."endedAt" IS 'set when the line is cancelled';

CREATE TABLE "cellTowers" (
    "towerId"         integer PRIMARY KEY,
    "siteCode"        text NOT NULL UNIQUE,
    "city"            text NOT NULL,
    "technology"      text NOT NULL,
    "commissionedAt"  date NOT NULL
);

CREATE TABLE "usageRecords" (
    "recordId"         bigint PRIMARY KEY,
    "lineId"           integer NOT NULL REFERENCES "lines" ("lineId"),
    "towerId"          integer REFERENCES "cellTowers" ("towerId"),
    "usageType"        text NOT NULL CHECK ("usageType" IN ('call', 'sms', 'data')),
    "occurredAt"       timestamptz NOT NULL,
    "durationSeconds"  integer NOT NULL DEFAULT 0,
    "dataMb"           numeric(9,2) NOT NULL DEFAULT 0,
    "isRoaming"        boolean NOT NULL DEFAULT false,
    "roamingCountry"   text,
    "charge"           numeric(8,2) NOT NULL DEFAULT 0
);
COMMENT ON COLUMN "usageRecords"."towerId" IS 'home network tower; NULL when roaming on a partner network';

CREATE TABLE "bills" (
    "billId"       integer PRIMARY KEY,
    "lineId"       integer NOT NULL REFERENCES "lines" ("lineId"),
    "periodStart"  date NOT NULL,
    "amount"       numeric(9,2) NOT NULL,
    "dueDate"      date NOT NULL,
    "paidAt"       date
);

CREATE TABLE "topUps" (
    "topUpId"     integer PRIMARY KEY,
    "lineId"      integer NOT NULL REFERENCES "lines" ("lineId"),
    "amount"      numeric(7,2) NOT NULL,
    "channel"     text NOT NULL,
    "toppedUpAt"  timestamptz NOT NULL
);

CREATE TABLE "supportTickets" (
    "ticketId"           integer PRIMARY KEY,
    "subscriberId"       integer NOT NULL REFERENCES "subscribers" ("subscriberId"),
    "category"           text NOT NULL,
    "openedAt"           timestamptz NOT NULL,
    "closedAt"           timestamptz,
    "satisfactionScore"  smallint
);
COMMENT ON COLUMN "supportTickets"."satisfactionScore" IS '1 (worst) to 5 (best), from the survey after closing';
