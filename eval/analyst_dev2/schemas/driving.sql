-- A driving school, as an ORM would create it: PascalCase tables, camelCase columns (quoted),
-- surrogate "id" keys, no comments at all.
CREATE TABLE "Instructor" (
    "id"          integer PRIMARY KEY,
    "fullName"    text NOT NULL,
    "hireDate"    date NOT NULL,
    "hourlyRate"  numeric(6,2) NOT NULL,
    "isSenior"    boolean NOT NULL
);

CREATE TABLE "Vehicle" (
    "id"          integer PRIMARY KEY,
    "plateNo"     text NOT NULL,
    "make"        text NOT NULL,
    "gearbox"     text NOT NULL,
    "modelYear"   integer NOT NULL
);

CREATE TABLE "Student" (
    "id"            integer PRIMARY KEY,
    "firstName"     text NOT NULL,
    "lastName"      text NOT NULL,
    "dateOfBirth"   date NOT NULL,
    "signupDate"    date NOT NULL,
    "licenceType"   text NOT NULL,
    "instructorId"  integer NOT NULL REFERENCES "Instructor" ("id")
);

CREATE TABLE "Lesson" (
    "id"            integer PRIMARY KEY,
    "studentId"     integer NOT NULL REFERENCES "Student" ("id"),
    "instructorId"  integer NOT NULL REFERENCES "Instructor" ("id"),
    "vehicleId"     integer NOT NULL REFERENCES "Vehicle" ("id"),
    "startsAt"      timestamp NOT NULL,
    "durationMin"   integer NOT NULL,
    "price"         numeric(6,2) NOT NULL,
    "status"        text NOT NULL
);

CREATE TABLE "DrivingTest" (
    "id"          integer PRIMARY KEY,
    "studentId"   integer NOT NULL REFERENCES "Student" ("id"),
    "testDate"    date NOT NULL,
    "kind"        text NOT NULL,
    "passed"      boolean NOT NULL,
    "score"       integer NOT NULL
);
