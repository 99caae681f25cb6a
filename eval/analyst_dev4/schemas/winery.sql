-- A winery buying grapes from contract growers: growers (contracts with a nullable end),
-- vineyard blocks, grape deliveries, fermentation tanks, and which delivery went into which
-- tank (a bridge). Quoted PascalCase tables, camelCase and abbreviated columns ("areaHa",
-- "tonnes", "brix", "capL"), "<table>Id" keys, no comments.
CREATE TABLE "Grower" (
    "growerId"       integer PRIMARY KEY,
    "growerName"     text NOT NULL,
    "region"         text NOT NULL,
    "contractStart"  date NOT NULL,
    "contractEnd"    date,
    "isOrganic"      boolean NOT NULL
);

CREATE TABLE "Block" (
    "blockId"      integer PRIMARY KEY,
    "growerId"     integer NOT NULL REFERENCES "Grower" ("growerId"),
    "blockCode"    text NOT NULL,
    "variety"      text NOT NULL,
    "areaHa"       numeric(5,2) NOT NULL,
    "plantedYear"  integer NOT NULL
);

CREATE TABLE "Delivery" (
    "deliveryId"     integer PRIMARY KEY,
    "blockId"        integer NOT NULL REFERENCES "Block" ("blockId"),
    "deliveredOn"    date NOT NULL,
    "tonnes"         numeric(6,2) NOT NULL,
    "pricePerTonne"  numeric(8,2) NOT NULL,
    "brix"           numeric(4,1) NOT NULL,
    "grade"          text NOT NULL
);

CREATE TABLE "Tank" (
    "tankId"    integer PRIMARY KEY,
    "tankName"  text NOT NULL,
    "capL"      integer NOT NULL,
    "material"  text NOT NULL
);

CREATE TABLE "TankFill" (
    "deliveryId"  integer NOT NULL REFERENCES "Delivery" ("deliveryId"),
    "tankId"      integer NOT NULL REFERENCES "Tank" ("tankId"),
    "litres"      integer NOT NULL,
    PRIMARY KEY ("deliveryId", "tankId")
);
