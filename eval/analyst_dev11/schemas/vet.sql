-- A chain of veterinary clinics, as its practice-management ERP stores it: VET_ table
-- prefixes, abbreviated column names with a table prefix and a type suffix (_ID, _NM, _CD,
-- _DT, _DTTM, _AMT, _QTY, _FLG with 'Y'/'N'), code tables for species and appointment
-- statuses. Written in upper case without quotes, so PostgreSQL folds every name to lower
-- case (VET_APPT.APPT_STAT_CD -> vet_appt.appt_stat_cd). Clients own patients (the animals);
-- patients are seen at a clinic by a staff member in appointments; each appointment's
-- charges are lines of a service from the price list; vaccinations are recorded per patient.
CREATE TABLE VET_CLINIC (
    CLN_ID        integer PRIMARY KEY,
    CLN_NM        varchar(60) NOT NULL UNIQUE,
    CLN_CITY_NM   varchar(40) NOT NULL,
    CLN_ST_CD     char(2) NOT NULL,
    CLN_OPEN_DT   date NOT NULL,
    CLN_ER_FLG    char(1) NOT NULL DEFAULT 'N'
);

CREATE TABLE VET_SPCS_CD (
    SPCS_CD    varchar(4) PRIMARY KEY,
    SPCS_DESC  varchar(40) NOT NULL
);

CREATE TABLE VET_CLIENT (
    CLT_ID          integer PRIMARY KEY,
    CLT_FIRST_NM    varchar(40) NOT NULL,
    CLT_LAST_NM     varchar(40) NOT NULL,
    CLT_CITY_NM     varchar(40) NOT NULL,
    CLT_EMAIL_ADDR  varchar(80),
    CLT_REG_DT      date NOT NULL,
    PREF_CLN_ID     integer REFERENCES VET_CLINIC (CLN_ID)
);

CREATE TABLE VET_PATIENT (
    PAT_ID        integer PRIMARY KEY,
    CLT_ID        integer NOT NULL REFERENCES VET_CLIENT (CLT_ID),
    PAT_NM        varchar(40) NOT NULL,
    SPCS_CD       varchar(4) NOT NULL REFERENCES VET_SPCS_CD (SPCS_CD),
    PAT_BREED_NM  varchar(40),
    PAT_SEX_CD    varchar(2) NOT NULL,
    PAT_BIRTH_DT  date,
    PAT_WT_KG     numeric(5,1),
    PAT_DCSD_FLG  char(1) NOT NULL DEFAULT 'N'
);

CREATE TABLE VET_STAFF (
    STF_ID        integer PRIMARY KEY,
    CLN_ID        integer NOT NULL REFERENCES VET_CLINIC (CLN_ID),
    STF_FIRST_NM  varchar(40) NOT NULL,
    STF_LAST_NM   varchar(40) NOT NULL,
    STF_ROLE_CD   varchar(4) NOT NULL,
    STF_HIRE_DT   date NOT NULL,
    STF_TERM_DT   date
);

CREATE TABLE VET_APPT_STAT_CD (
    APPT_STAT_CD    char(3) PRIMARY KEY,
    APPT_STAT_DESC  varchar(30) NOT NULL
);

CREATE TABLE VET_APPT (
    APPT_ID       integer PRIMARY KEY,
    PAT_ID        integer NOT NULL REFERENCES VET_PATIENT (PAT_ID),
    CLN_ID        integer NOT NULL REFERENCES VET_CLINIC (CLN_ID),
    STF_ID        integer NOT NULL REFERENCES VET_STAFF (STF_ID),
    APPT_DTTM     timestamp NOT NULL,
    APPT_TYP_CD   varchar(4) NOT NULL,
    APPT_STAT_CD  char(3) NOT NULL REFERENCES VET_APPT_STAT_CD (APPT_STAT_CD),
    APPT_DUR_MIN  integer NOT NULL
);

CREATE TABLE VET_SVC (
    SVC_CD        varchar(8) PRIMARY KEY,
    SVC_DESC      varchar(60) NOT NULL,
    SVC_CAT_CD    varchar(4) NOT NULL,
    SVC_LIST_AMT  numeric(8,2) NOT NULL
);

CREATE TABLE VET_CHRG (
    CHRG_ID       integer PRIMARY KEY,
    APPT_ID       integer NOT NULL REFERENCES VET_APPT (APPT_ID),
    SVC_CD        varchar(8) NOT NULL REFERENCES VET_SVC (SVC_CD),
    CHRG_QTY      integer NOT NULL,
    CHRG_AMT      numeric(9,2) NOT NULL,
    CHRG_DISC_AMT numeric(9,2) NOT NULL DEFAULT 0
);

CREATE TABLE VET_VACC (
    VACC_ID       integer PRIMARY KEY,
    PAT_ID        integer NOT NULL REFERENCES VET_PATIENT (PAT_ID),
    VACC_NM       varchar(30) NOT NULL,
    VACC_GIVEN_DT date NOT NULL,
    VACC_DUE_DT   date NOT NULL
);
