-- A software-as-a-service company's billing and customer data as its analytics team models it:
-- a star schema with dim_ and fact_ tables, surrogate keys (*_sk), natural keys (*_key / numbers
-- from the source systems) and a date dimension that every fact joins through an integer
-- yyyymmdd date key. Accounts (customers) hold subscriptions to a plan; subscriptions are
-- invoiced; accounts' product usage is counted per feature and day; support tickets are raised
-- by an account and handled by a support agent; a cancelled subscription (churn) carries a reason.
CREATE TABLE dim_date (
    date_key     integer PRIMARY KEY,
    full_date    date NOT NULL UNIQUE,
    year_num     smallint NOT NULL,
    quarter_num  smallint NOT NULL,
    month_num    smallint NOT NULL,
    month_name   varchar(9) NOT NULL,
    day_name     varchar(9) NOT NULL,
    is_weekend   boolean NOT NULL
);

CREATE TABLE dim_plan (
    plan_sk         integer PRIMARY KEY,
    plan_code       varchar(16) NOT NULL UNIQUE,
    plan_name       varchar(30) NOT NULL,
    billing_period  varchar(8) NOT NULL,
    list_price      numeric(10,2) NOT NULL,
    seat_limit      integer
);

CREATE TABLE dim_account (
    account_sk        integer PRIMARY KEY,
    account_key       varchar(10) NOT NULL UNIQUE,
    account_name      varchar(60) NOT NULL,
    industry          varchar(30) NOT NULL,
    country_code      char(2) NOT NULL,
    segment           varchar(12) NOT NULL,
    signup_date_key   integer NOT NULL REFERENCES dim_date (date_key)
);

CREATE TABLE dim_agent (
    agent_sk        integer PRIMARY KEY,
    agent_name      varchar(40) NOT NULL,
    team            varchar(20) NOT NULL,
    start_date_key  integer NOT NULL REFERENCES dim_date (date_key)
);

CREATE TABLE dim_churn_reason (
    churn_reason_sk  integer PRIMARY KEY,
    reason_code      varchar(16) NOT NULL UNIQUE,
    reason_desc      varchar(40) NOT NULL
);

CREATE TABLE fact_subscription (
    subscription_sk   integer PRIMARY KEY,
    subscription_key  varchar(12) NOT NULL UNIQUE,
    account_sk        integer NOT NULL REFERENCES dim_account (account_sk),
    plan_sk           integer NOT NULL REFERENCES dim_plan (plan_sk),
    start_date_key    integer NOT NULL REFERENCES dim_date (date_key),
    end_date_key      integer REFERENCES dim_date (date_key),
    churn_reason_sk   integer REFERENCES dim_churn_reason (churn_reason_sk),
    status            varchar(10) NOT NULL,
    seats             integer NOT NULL,
    mrr_amount        numeric(10,2) NOT NULL
);

CREATE TABLE fact_invoice (
    invoice_sk       integer PRIMARY KEY,
    invoice_number   varchar(12) NOT NULL UNIQUE,
    account_sk       integer NOT NULL REFERENCES dim_account (account_sk),
    subscription_sk  integer NOT NULL REFERENCES fact_subscription (subscription_sk),
    invoice_date_key integer NOT NULL REFERENCES dim_date (date_key),
    due_date_key     integer NOT NULL REFERENCES dim_date (date_key),
    amount_due       numeric(10,2) NOT NULL,
    amount_paid      numeric(10,2) NOT NULL,
    invoice_status   varchar(14) NOT NULL
);

CREATE TABLE fact_usage (
    usage_sk     integer PRIMARY KEY,
    account_sk   integer NOT NULL REFERENCES dim_account (account_sk),
    date_key     integer NOT NULL REFERENCES dim_date (date_key),
    feature      varchar(20) NOT NULL,
    event_count  integer NOT NULL
);

CREATE TABLE fact_support_ticket (
    ticket_sk          integer PRIMARY KEY,
    ticket_number      varchar(10) NOT NULL UNIQUE,
    account_sk         integer NOT NULL REFERENCES dim_account (account_sk),
    agent_sk           integer REFERENCES dim_agent (agent_sk),
    opened_date_key    integer NOT NULL REFERENCES dim_date (date_key),
    resolved_date_key  integer REFERENCES dim_date (date_key),
    priority           varchar(8) NOT NULL,
    category           varchar(20) NOT NULL,
    csat_score         smallint
);
