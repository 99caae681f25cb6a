-- A charity food bank's database, upsized from MS Access: names unquoted, so PostgreSQL folds them to lower case.
CREATE TABLE tlkpCategory (
    lngCategoryID serial PRIMARY KEY,
    strCategory varchar(50) NOT NULL UNIQUE
);
CREATE TABLE tblDonor (
    lngDonorID serial PRIMARY KEY,
    strName varchar(100) NOT NULL,
    strDonorType varchar(20) NOT NULL,
    strCity varchar(50),
    dtmAdded timestamp NOT NULL,
    ysnActive boolean NOT NULL DEFAULT true
);
COMMENT ON COLUMN tblDonor.strDonorType IS 'Individual, Grocery, Farm, Restaurant, Corporate or Faith';
CREATE TABLE tblItem (
    lngItemID serial PRIMARY KEY,
    strItemName varchar(80) NOT NULL,
    lngCategoryID integer NOT NULL REFERENCES tlkpCategory(lngCategoryID),
    ysnPerishable boolean NOT NULL DEFAULT false,
    curValuePerLb numeric(8,2) NOT NULL
);
CREATE TABLE tblDonation (
    lngDonationID serial PRIMARY KEY,
    lngDonorID integer NOT NULL REFERENCES tblDonor(lngDonorID),
    dtmReceived timestamp NOT NULL,
    ysnReceiptSent boolean NOT NULL DEFAULT false,
    memNotes text
);
CREATE TABLE tblDonationLine (
    lngDonationLineID serial PRIMARY KEY,
    lngDonationID integer NOT NULL REFERENCES tblDonation(lngDonationID),
    lngItemID integer NOT NULL REFERENCES tblItem(lngItemID),
    intQty integer NOT NULL,
    dblWeightLbs double precision NOT NULL,
    curValue numeric(10,2) NOT NULL
);
COMMENT ON COLUMN tblDonationLine.intQty IS 'cases or packs received';
COMMENT ON COLUMN tblDonationLine.dblWeightLbs IS 'weight in pounds';
COMMENT ON COLUMN tblDonationLine.curValue IS 'fair market value in USD, for the tax receipt';
CREATE TABLE tblAgency (
    lngAgencyID serial PRIMARY KEY,
    strAgencyName varchar(100) NOT NULL,
    strAgencyType varchar(20) NOT NULL,
    strCounty varchar(30) NOT NULL,
    dtmJoined date NOT NULL,
    ysnActive boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE tblAgency IS 'Partner agencies (pantries, shelters, soup kitchens) that receive food from the warehouse';
CREATE TABLE tblDistribution (
    lngDistributionID serial PRIMARY KEY,
    lngAgencyID integer NOT NULL REFERENCES tblAgency(lngAgencyID),
    lngItemID integer NOT NULL REFERENCES tblItem(lngItemID),
    dtmDistributed timestamp NOT NULL,
    dblWeightLbs double precision NOT NULL,
    intHouseholds integer NOT NULL
);
COMMENT ON COLUMN tblDistribution.intHouseholds IS 'households the agency expects to serve with this delivery';
CREATE TABLE tblVolunteer (
    lngVolunteerID serial PRIMARY KEY,
    strFirstName varchar(50) NOT NULL,
    strLastName varchar(50) NOT NULL,
    strEmail varchar(100),
    dtmBirth date,
    dtmSignedUp date NOT NULL,
    ysnActive boolean NOT NULL DEFAULT true,
    ysnForkliftCert boolean NOT NULL DEFAULT false
);
CREATE TABLE tblShift (
    lngShiftID serial PRIMARY KEY,
    lngVolunteerID integer NOT NULL REFERENCES tblVolunteer(lngVolunteerID),
    dtmShiftDate date NOT NULL,
    strTask varchar(30) NOT NULL,
    sngHours real NOT NULL
);
