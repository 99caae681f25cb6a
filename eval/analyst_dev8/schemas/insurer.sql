-- A regional property-and-casualty insurer: policyholders, the agents who sell the
-- policies, policies (one line of business each: auto, home, renters, umbrella; a term
-- from the effective to the expiry date), the coverages on each policy (limit and
-- deductible), claims against a policy (handled by an adjuster; open claims have no
-- closed date) and the payments made on claims. Written in a SQL Server habit
-- (tbl_ prefixes, singular PascalCase names, unquoted, so PostgreSQL folds them to one
-- lower-case word: tbl_policyholder, policyholderid, annualpremium), a few abbreviations.
CREATE TABLE tbl_PolicyHolder (
    PolicyHolderID  integer PRIMARY KEY,
    FirstName       text NOT NULL,
    LastName        text NOT NULL,
    DOB             date NOT NULL,
    City            text NOT NULL,
    State           char(2) NOT NULL,
    CustomerSince   date NOT NULL
);

CREATE TABLE tbl_Agent (
    AgentID    integer PRIMARY KEY,
    AgentName  text NOT NULL,
    Office     text NOT NULL
);

CREATE TABLE tbl_Policy (
    PolicyID        integer PRIMARY KEY,
    PolicyNo        text NOT NULL UNIQUE,
    PolicyHolderID  integer NOT NULL REFERENCES tbl_PolicyHolder (PolicyHolderID),
    AgentID         integer NOT NULL REFERENCES tbl_Agent (AgentID),
    LOB             varchar(10) NOT NULL,
    EffDate         date NOT NULL,
    ExpDate         date NOT NULL,
    AnnualPremium   numeric(10,2) NOT NULL,
    PolicyStatus    text NOT NULL
);
COMMENT ON COLUMN tbl_Policy.LOB IS 'line of business: AUTO, HOME, RENTERS or UMBRELLA';
COMMENT ON COLUMN tbl_Policy.PolicyStatus IS 'Active, Lapsed (expired, not renewed) or Cancelled';

CREATE TABLE tbl_Coverage (
    CoverageID    integer PRIMARY KEY,
    PolicyID      integer NOT NULL REFERENCES tbl_Policy (PolicyID),
    CoverageType  text NOT NULL,
    CovLimit      numeric(12,2) NOT NULL,
    Deductible    numeric(10,2) NOT NULL
);

CREATE TABLE tbl_Adjuster (
    AdjusterID    integer PRIMARY KEY,
    AdjusterName  text NOT NULL,
    Region        text NOT NULL,
    HireDate      date NOT NULL
);

CREATE TABLE tbl_Claim (
    ClaimID        integer PRIMARY KEY,
    ClaimNo        text NOT NULL UNIQUE,
    PolicyID       integer NOT NULL REFERENCES tbl_Policy (PolicyID),
    AdjusterID     integer REFERENCES tbl_Adjuster (AdjusterID),
    LossDate       date NOT NULL,
    ReportedDate   date NOT NULL,
    ClosedDate     date,
    ClaimStatus    text NOT NULL,
    CauseOfLoss    text NOT NULL,
    AmountClaimed  numeric(12,2) NOT NULL
);
COMMENT ON COLUMN tbl_Claim.ClaimStatus IS 'Open, Closed (settled) or Denied';

CREATE TABLE tbl_ClaimPayment (
    PaymentID    integer PRIMARY KEY,
    ClaimID      integer NOT NULL REFERENCES tbl_Claim (ClaimID),
    PaidOn       date NOT NULL,
    PaymentAmt   numeric(12,2) NOT NULL,
    PaymentType  text NOT NULL
);
COMMENT ON COLUMN tbl_ClaimPayment.PaymentType IS 'Indemnity (to the insured) or Expense (adjusting costs)';
