-- A podcast network: shows (a category, launched on a date, active or ended), hosts and
-- which shows they host, episodes (published on ep_dt, length in seconds), guests and the
-- episodes they appeared on, downloads per episode per country per day, advertisers and
-- their ad placements in episodes (pre/mid/post roll, a flat price and impressions).
-- Terse, abbreviated snake_case, singular table names; a few column comments.
CREATE TABLE show (
    show_id   integer PRIMARY KEY,
    show_nm   text NOT NULL,
    cat       text NOT NULL,
    lang      char(2) NOT NULL,
    lnch_dt   date NOT NULL,
    actv_flg  boolean NOT NULL
);
COMMENT ON COLUMN show.cat IS 'category';

CREATE TABLE host (
    host_id   integer PRIMARY KEY,
    first_nm  text NOT NULL,
    last_nm   text NOT NULL,
    city      text NOT NULL,
    join_dt   date NOT NULL
);

CREATE TABLE show_host (
    show_id  integer NOT NULL REFERENCES show (show_id),
    host_id  integer NOT NULL REFERENCES host (host_id),
    role     text NOT NULL,
    PRIMARY KEY (show_id, host_id)
);

CREATE TABLE episode (
    ep_id   integer PRIMARY KEY,
    show_id integer NOT NULL REFERENCES show (show_id),
    ssn     integer NOT NULL,
    ep_no   integer NOT NULL,
    ep_ttl  text NOT NULL,
    ep_dt   date NOT NULL,
    dur_s   integer NOT NULL,
    expl    boolean NOT NULL
);
COMMENT ON COLUMN episode.ep_dt IS 'publish date';
COMMENT ON COLUMN episode.expl IS 'explicit content';

CREATE TABLE guest (
    guest_id  integer PRIMARY KEY,
    guest_nm  text NOT NULL,
    org       text,
    occ       text NOT NULL
);
COMMENT ON COLUMN guest.occ IS 'occupation';

CREATE TABLE ep_guest (
    ep_id     integer NOT NULL REFERENCES episode (ep_id),
    guest_id  integer NOT NULL REFERENCES guest (guest_id),
    PRIMARY KEY (ep_id, guest_id)
);

CREATE TABLE ep_dl (
    ep_id    integer NOT NULL REFERENCES episode (ep_id),
    dl_dt    date NOT NULL,
    ctry_cd  char(2) NOT NULL,
    dl_cnt   integer NOT NULL,
    PRIMARY KEY (ep_id, dl_dt, ctry_cd)
);
COMMENT ON COLUMN ep_dl.ctry_cd IS 'ISO country code of the listener';

CREATE TABLE advertiser (
    adv_id   integer PRIMARY KEY,
    adv_nm   text NOT NULL,
    ind      text NOT NULL,
    hq_ctry  char(2) NOT NULL
);

CREATE TABLE ad_plcmt (
    plcmt_id  integer PRIMARY KEY,
    ep_id     integer NOT NULL REFERENCES episode (ep_id),
    adv_id    integer NOT NULL REFERENCES advertiser (adv_id),
    pos       text NOT NULL,
    price_usd numeric(9,2) NOT NULL,
    imps      integer NOT NULL
);
COMMENT ON COLUMN ad_plcmt.pos IS 'pre, mid or post roll';
