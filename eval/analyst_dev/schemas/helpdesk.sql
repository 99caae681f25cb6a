-- An IT helpdesk: support agents, customer accounts, tickets and the replies on them.
CREATE TABLE team (
    id      integer PRIMARY KEY,
    name    text NOT NULL,
    region  text NOT NULL
);

CREATE TABLE agent (
    id           integer PRIMARY KEY,
    name         text NOT NULL,
    team_id      integer NOT NULL REFERENCES team (id),
    hired_on     date NOT NULL,
    left_on      date,
    hourly_rate  numeric(6,2) NOT NULL
);
COMMENT ON TABLE agent IS 'support staff';
COMMENT ON COLUMN agent.left_on IS 'null while still employed';

CREATE TABLE account (
    id            integer PRIMARY KEY,
    company_name  text NOT NULL,
    plan          text NOT NULL,
    country       text NOT NULL,
    seats         integer NOT NULL,
    signed_up_on  date NOT NULL
);
COMMENT ON TABLE account IS 'customer companies, clients';
COMMENT ON COLUMN account.plan IS 'subscription tier: basic, pro or enterprise';
COMMENT ON COLUMN account.seats IS 'licensed users';

CREATE TABLE ticket (
    id           integer PRIMARY KEY,
    account_id   integer NOT NULL REFERENCES account (id),
    agent_id     integer REFERENCES agent (id),
    subject      text NOT NULL,
    priority     text NOT NULL,
    status       text NOT NULL,
    channel      text NOT NULL,
    opened_at    timestamp NOT NULL,
    closed_at    timestamp,
    csat         integer
);
COMMENT ON TABLE ticket IS 'support requests, cases, issues';
COMMENT ON COLUMN ticket.agent_id IS 'assignee';
COMMENT ON COLUMN ticket.csat IS 'customer satisfaction rating 1-5';
COMMENT ON COLUMN ticket.closed_at IS 'resolution time, null while unresolved';

CREATE TABLE reply (
    id          integer PRIMARY KEY,
    ticket_id   integer NOT NULL REFERENCES ticket (id),
    agent_id    integer NOT NULL REFERENCES agent (id),
    sent_at     timestamp NOT NULL,
    word_count  integer NOT NULL
);
COMMENT ON TABLE reply IS 'agent responses on tickets';
