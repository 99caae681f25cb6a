-- An airline's maintenance and operations database as its old line-maintenance system keeps it:
-- terse abbreviated names (acft, flt, mx_wo, dfct, dep_arpt_cd), codes explained only in
-- column comments. Airports; aircraft types; aircraft (tails) based at an airport; crew members
-- based at an airport; flights flown by a tail between two airports; the crew rostered on each
-- flight; defects written up against a tail (often on a flight); maintenance work orders on a
-- tail at a station (some raised for a defect); the parts catalogue and the parts fitted on
-- each work order.
CREATE TABLE arpt (
    arpt_cd   char(3) PRIMARY KEY,
    arpt_nm   varchar(60) NOT NULL,
    city_nm   varchar(40) NOT NULL,
    st_cd     char(2) NOT NULL,
    hub_ind   boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN arpt.arpt_cd IS 'IATA airport code';
COMMENT ON COLUMN arpt.hub_ind IS 'true for a hub (crew and maintenance base)';

CREATE TABLE acft_typ (
    typ_cd    varchar(4) PRIMARY KEY,
    mfr_nm    varchar(20) NOT NULL,
    mdl_nm    varchar(30) NOT NULL,
    seat_qty  smallint NOT NULL
);

CREATE TABLE acft (
    tail_no       varchar(6) PRIMARY KEY,
    typ_cd        varchar(4) NOT NULL REFERENCES acft_typ (typ_cd),
    msn           integer NOT NULL UNIQUE,
    dlvr_dt       date NOT NULL,
    home_arpt_cd  char(3) NOT NULL REFERENCES arpt (arpt_cd),
    stat_cd       char(3) NOT NULL,
    tot_fh        numeric(8,1) NOT NULL,
    tot_cyc       integer NOT NULL
);
COMMENT ON COLUMN acft.msn IS 'manufacturer serial number';
COMMENT ON COLUMN acft.dlvr_dt IS 'delivery date to the airline';
COMMENT ON COLUMN acft.stat_cd IS 'SVC in service, AOG aircraft on ground (grounded), STO stored';
COMMENT ON COLUMN acft.tot_fh IS 'total airframe flight hours';
COMMENT ON COLUMN acft.tot_cyc IS 'total cycles (takeoff and landing)';

CREATE TABLE crew (
    emp_no        integer PRIMARY KEY,
    first_nm      varchar(30) NOT NULL,
    last_nm       varchar(30) NOT NULL,
    rank_cd       varchar(3) NOT NULL,
    base_arpt_cd  char(3) NOT NULL REFERENCES arpt (arpt_cd),
    hire_dt       date NOT NULL,
    actv_ind      boolean NOT NULL DEFAULT true
);
COMMENT ON COLUMN crew.rank_cd IS 'CPT captain, FO first officer, FA flight attendant';

CREATE TABLE flt (
    flt_id        integer PRIMARY KEY,
    flt_no        varchar(6) NOT NULL,
    tail_no       varchar(6) NOT NULL REFERENCES acft (tail_no),
    dep_arpt_cd   char(3) NOT NULL REFERENCES arpt (arpt_cd),
    arr_arpt_cd   char(3) NOT NULL REFERENCES arpt (arpt_cd),
    sched_dep_ts  timestamptz NOT NULL,
    act_dep_ts    timestamptz,
    act_arr_ts    timestamptz,
    blk_min       smallint NOT NULL,
    dly_min       smallint,
    pax_qty       smallint,
    flt_stat_cd   char(3) NOT NULL
);
COMMENT ON COLUMN flt.blk_min IS 'scheduled block time in minutes';
COMMENT ON COLUMN flt.dly_min IS 'departure delay in minutes';
COMMENT ON COLUMN flt.pax_qty IS 'passengers boarded';
COMMENT ON COLUMN flt.flt_stat_cd IS 'SCH scheduled, CMP completed, CNL cancelled, DIV diverted';

CREATE TABLE flt_crew (
    flt_id  integer NOT NULL REFERENCES flt (flt_id),
    emp_no  integer NOT NULL REFERENCES crew (emp_no),
    PRIMARY KEY (flt_id, emp_no)
);

CREATE TABLE dfct (
    dfct_id   integer PRIMARY KEY,
    tail_no   varchar(6) NOT NULL REFERENCES acft (tail_no),
    flt_id    integer REFERENCES flt (flt_id),
    rpt_dt    date NOT NULL,
    ata_chap  smallint NOT NULL,
    dfct_txt  varchar(80) NOT NULL,
    mel_ind   boolean NOT NULL DEFAULT false,
    clr_dt    date
);
COMMENT ON COLUMN dfct.rpt_dt IS 'date the defect was reported';
COMMENT ON COLUMN dfct.ata_chap IS 'ATA chapter: 21 air conditioning, 24 electrical power, 27 flight controls, 29 hydraulics, 32 landing gear, 34 navigation, 36 pneumatics, 49 APU, 72 engine';
COMMENT ON COLUMN dfct.mel_ind IS 'deferred under the minimum equipment list (MEL)';
COMMENT ON COLUMN dfct.clr_dt IS 'date the defect was cleared; null while open';

CREATE TABLE mx_wo (
    wo_no      integer PRIMARY KEY,
    tail_no    varchar(6) NOT NULL REFERENCES acft (tail_no),
    dfct_id    integer REFERENCES dfct (dfct_id),
    stn_cd     char(3) NOT NULL REFERENCES arpt (arpt_cd),
    wo_typ_cd  varchar(4) NOT NULL,
    open_dt    date NOT NULL,
    cls_dt     date,
    lbr_hrs    numeric(7,1) NOT NULL,
    wo_stat_cd char(3) NOT NULL
);
COMMENT ON COLUMN mx_wo.stn_cd IS 'maintenance station (airport) doing the work';
COMMENT ON COLUMN mx_wo.wo_typ_cd IS 'DFR defect rectification, ACHK A-check, CCHK C-check, MOD modification';
COMMENT ON COLUMN mx_wo.lbr_hrs IS 'labour hours booked';
COMMENT ON COLUMN mx_wo.wo_stat_cd IS 'OPN open, HLD on hold awaiting parts, CLS closed';

CREATE TABLE part (
    part_no      varchar(20) PRIMARY KEY,
    part_desc    varchar(60) NOT NULL,
    ata_chap     smallint NOT NULL,
    unit_cost    numeric(10,2) NOT NULL,
    rotable_ind  boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN part.rotable_ind IS 'repairable rotable part (true) or expendable (false)';

CREATE TABLE wo_part (
    wo_no    integer NOT NULL REFERENCES mx_wo (wo_no),
    part_no  varchar(20) NOT NULL REFERENCES part (part_no),
    qty      smallint NOT NULL,
    PRIMARY KEY (wo_no, part_no)
);
