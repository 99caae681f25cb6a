-- A school district's student information system, as its ORM (Prisma-style) generated it:
-- singular PascalCase table names and camelCase column names, all double-quoted, so PostgreSQL
-- keeps their case ("Student"."gradeLevel"); every table keyed by "id", foreign keys
-- "<model>Id"; enum-like text columns in upper case; no comments. Schools employ teachers and
-- enrol students; guardians are linked to students through "StudentGuardian"; each term a
-- teacher teaches sections (classes) that students are enrolled in ("Enrollment"); attendance
-- exceptions (absences, late arrivals) are recorded per student per day; assessment scores are
-- recorded per enrolment.
CREATE TABLE "School" (
    "id"             integer PRIMARY KEY,
    "name"           text NOT NULL UNIQUE,
    "level"          text NOT NULL CHECK ("level" IN ('ELEMENTARY', 'MIDDLE', 'HIGH')),
    "city"           text NOT NULL,
    "openedYear"     integer NOT NULL,
    "capacity"       integer NOT NULL,
    "principalName"  text NOT NULL
);

CREATE TABLE "Term" (
    "id"          integer PRIMARY KEY,
    "name"        text NOT NULL UNIQUE,
    "schoolYear"  text NOT NULL,
    "startDate"   date NOT NULL,
    "endDate"     date NOT NULL
);

CREATE TABLE "Teacher" (
    "id"          integer PRIMARY KEY,
    "schoolId"    integer NOT NULL REFERENCES "School" ("id"),
    "firstName"   text NOT NULL,
    "lastName"    text NOT NULL,
    "email"       text NOT NULL UNIQUE,
    "department"  text NOT NULL,
    "hireDate"    date NOT NULL,
    "salary"      integer NOT NULL,
    "isActive"    boolean NOT NULL DEFAULT true
);

CREATE TABLE "Student" (
    "id"           integer PRIMARY KEY,
    "schoolId"     integer NOT NULL REFERENCES "School" ("id"),
    "firstName"    text NOT NULL,
    "lastName"     text NOT NULL,
    "birthDate"    date NOT NULL,
    "gradeLevel"   integer NOT NULL,
    "gender"       text NOT NULL,
    "enrolledOn"   date NOT NULL,
    "withdrawnOn"  date,
    "hasIep"       boolean NOT NULL DEFAULT false,
    "lunchStatus"  text NOT NULL CHECK ("lunchStatus" IN ('FREE', 'REDUCED', 'PAID'))
);

CREATE TABLE "Guardian" (
    "id"                 integer PRIMARY KEY,
    "firstName"          text NOT NULL,
    "lastName"           text NOT NULL,
    "email"              text,
    "phone"              text,
    "preferredLanguage"  text NOT NULL DEFAULT 'English'
);

CREATE TABLE "StudentGuardian" (
    "studentId"     integer NOT NULL REFERENCES "Student" ("id"),
    "guardianId"    integer NOT NULL REFERENCES "Guardian" ("id"),
    "relationship"  text NOT NULL,
    "isPrimary"     boolean NOT NULL DEFAULT false,
    PRIMARY KEY ("studentId", "guardianId")
);

CREATE TABLE "Section" (
    "id"          integer PRIMARY KEY,
    "termId"      integer NOT NULL REFERENCES "Term" ("id"),
    "schoolId"    integer NOT NULL REFERENCES "School" ("id"),
    "teacherId"   integer NOT NULL REFERENCES "Teacher" ("id"),
    "courseName"  text NOT NULL,
    "subject"     text NOT NULL,
    "room"        text NOT NULL,
    "period"      integer NOT NULL,
    "capacity"    integer NOT NULL
);

CREATE TABLE "Enrollment" (
    "id"          integer PRIMARY KEY,
    "studentId"   integer NOT NULL REFERENCES "Student" ("id"),
    "sectionId"   integer NOT NULL REFERENCES "Section" ("id"),
    "enrolledAt"  date NOT NULL,
    "droppedAt"   date,
    "finalGrade"  text,
    UNIQUE ("studentId", "sectionId")
);

CREATE TABLE "Attendance" (
    "id"           integer PRIMARY KEY,
    "studentId"    integer NOT NULL REFERENCES "Student" ("id"),
    "date"         date NOT NULL,
    "type"         text NOT NULL CHECK ("type" IN ('ABSENT', 'TARDY')),
    "excused"      boolean NOT NULL DEFAULT false,
    "minutesLate"  integer,
    UNIQUE ("studentId", "date")
);

CREATE TABLE "Assessment" (
    "id"            integer PRIMARY KEY,
    "enrollmentId"  integer NOT NULL REFERENCES "Enrollment" ("id"),
    "title"         text NOT NULL,
    "category"      text NOT NULL CHECK ("category" IN ('TEST', 'QUIZ', 'PROJECT', 'HOMEWORK')),
    "takenOn"       date NOT NULL,
    "score"         numeric(5,1) NOT NULL
);
