-- A freight forwarder's database migrated from Oracle: every table and column was created quoted
-- in upper case, so PostgreSQL keeps the upper case and every name must be double-quoted.
CREATE TABLE "STATUS_CD_REF" (
    "STATUS_CD" varchar(3) PRIMARY KEY,
    "STATUS_DESC" varchar(60) NOT NULL,
    "SORT_NBR" smallint NOT NULL
);
COMMENT ON TABLE "STATUS_CD_REF" IS 'shipment status codes';
CREATE TABLE "PORT" (
    "PORT_ID" integer PRIMARY KEY,
    "PORT_CD" char(5) NOT NULL UNIQUE,
    "PORT_NAME" varchar(80) NOT NULL,
    "COUNTRY_CD" char(2) NOT NULL,
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL
);
COMMENT ON COLUMN "PORT"."PORT_CD" IS 'UN/LOCODE';
CREATE TABLE "CARRIER" (
    "CARRIER_ID" integer PRIMARY KEY,
    "CARRIER_NAME" varchar(80) NOT NULL,
    "SCAC_CD" char(4) NOT NULL UNIQUE,
    "MODE_CD" varchar(3) NOT NULL,
    "PREFERRED_FLG" char(1) NOT NULL DEFAULT 'N',
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL
);
COMMENT ON COLUMN "CARRIER"."MODE_CD" IS 'OCN=ocean, AIR=air, TRK=truck';
CREATE TABLE "CONSIGNEE" (
    "CONSIGNEE_ID" integer PRIMARY KEY,
    "CONSIGNEE_NAME" varchar(100) NOT NULL,
    "CITY_NAME" varchar(60) NOT NULL,
    "COUNTRY_CD" char(2) NOT NULL,
    "CREDIT_LIMIT_AMT" numeric(12,2) NOT NULL,
    "ACTIVE_FLG" char(1) NOT NULL DEFAULT 'Y',
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL
);
CREATE TABLE "SHIPMENT" (
    "SHIPMENT_ID" integer PRIMARY KEY,
    "SHIPMENT_NO" varchar(12) NOT NULL UNIQUE,
    "CONSIGNEE_ID" integer NOT NULL REFERENCES "CONSIGNEE"("CONSIGNEE_ID"),
    "ORIGIN_PORT_ID" integer NOT NULL REFERENCES "PORT"("PORT_ID"),
    "DEST_PORT_ID" integer NOT NULL REFERENCES "PORT"("PORT_ID"),
    "STATUS_CD" varchar(3) NOT NULL REFERENCES "STATUS_CD_REF"("STATUS_CD"),
    "BOOKED_DT" date NOT NULL,
    "ETA_DT" date NOT NULL,
    "ATA_DT" date,
    "GROSS_WT_KG" numeric(10,1) NOT NULL,
    "PIECE_QTY" integer NOT NULL,
    "HAZMAT_FLG" char(1) NOT NULL DEFAULT 'N',
    "INCOTERM_CD" char(3) NOT NULL,
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL
);
COMMENT ON COLUMN "SHIPMENT"."ETA_DT" IS 'estimated time of arrival at destination port';
COMMENT ON COLUMN "SHIPMENT"."ATA_DT" IS 'actual time of arrival; null until arrived';
COMMENT ON COLUMN "SHIPMENT"."INCOTERM_CD" IS 'FOB, CIF, EXW, DAP or DDP';
CREATE TABLE "SHIPMENT_LEG" (
    "LEG_ID" integer PRIMARY KEY,
    "SHIPMENT_ID" integer NOT NULL REFERENCES "SHIPMENT"("SHIPMENT_ID"),
    "LEG_NBR" smallint NOT NULL,
    "CARRIER_ID" integer NOT NULL REFERENCES "CARRIER"("CARRIER_ID"),
    "FROM_PORT_ID" integer NOT NULL REFERENCES "PORT"("PORT_ID"),
    "TO_PORT_ID" integer NOT NULL REFERENCES "PORT"("PORT_ID"),
    "DEPART_DT" date NOT NULL,
    "ARRIVE_DT" date,
    "FREIGHT_COST_AMT" numeric(10,2) NOT NULL,
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL,
    UNIQUE ("SHIPMENT_ID", "LEG_NBR")
);
COMMENT ON COLUMN "SHIPMENT_LEG"."FREIGHT_COST_AMT" IS 'what the carrier charges us for the leg, USD';
CREATE TABLE "INVOICE_HDR" (
    "INVOICE_ID" integer PRIMARY KEY,
    "INVOICE_NO" varchar(12) NOT NULL UNIQUE,
    "SHIPMENT_ID" integer NOT NULL REFERENCES "SHIPMENT"("SHIPMENT_ID"),
    "CONSIGNEE_ID" integer NOT NULL REFERENCES "CONSIGNEE"("CONSIGNEE_ID"),
    "INVOICE_DT" date NOT NULL,
    "DUE_DT" date NOT NULL,
    "PAID_FLG" char(1) NOT NULL DEFAULT 'N',
    "PAID_DT" date,
    "CREATED_BY" varchar(30) NOT NULL,
    "CREATED_DT" date NOT NULL
);
CREATE TABLE "INVOICE_LINE" (
    "INVOICE_LINE_ID" integer PRIMARY KEY,
    "INVOICE_ID" integer NOT NULL REFERENCES "INVOICE_HDR"("INVOICE_ID"),
    "LINE_NBR" smallint NOT NULL,
    "CHARGE_CD" varchar(3) NOT NULL,
    "CHARGE_AMT" numeric(10,2) NOT NULL,
    UNIQUE ("INVOICE_ID", "LINE_NBR")
);
COMMENT ON COLUMN "INVOICE_LINE"."CHARGE_CD" IS 'FRT=freight, THC=terminal handling, CUS=customs clearance, DOC=documentation, INS=cargo insurance, STR=storage';
COMMENT ON COLUMN "INVOICE_LINE"."CHARGE_AMT" IS 'billed to the customer, USD';
