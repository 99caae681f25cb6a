"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev8/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("pulled", "contractors", "priciest projects", "neighborhood" for the parcel,
"ad spend", "mid-rolls", "spanish-language", "guested"), terse fragments and the odd typo,
written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"
YESTERDAY = "{c} >= current_date - 1 AND {c} < current_date"

P_TYPE = '"tblPermit" p JOIN t_permit_type t ON t.permit_type_id = p."PermitTypeID"'
P_PARCEL = '"tblPermit" p JOIN "tblParcel" pa ON pa."ParcelID" = p."ParcelID"'
P_APPL = '"tblPermit" p JOIN "tblApplicant" a ON a."ApplicantID" = p."ApplicantID"'
I_INSP = '"tblInspection" i JOIN "Inspector" n ON n."InspectorID" = i."InspectorID"'

PERMITS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("permits", "value_filter", "permits in old town that are under review", f"SELECT p.\"PermitNumber\" FROM {P_PARCEL} WHERE pa.\"Neighborhood\" = 'Old Town' AND p.\"Status\" = 'Under Review'", False),
    ("permits", "value_filter", "commercial parcels assessed at more than 3 million", "SELECT pa.\"StreetAddress\" FROM \"tblParcel\" pa WHERE pa.\"ZoningCode\" = 'C-1' AND pa.\"AssessedValue\" > 3000000", False),
    ("permits", "value_filter", "life safety violations that are still open", "SELECT v.\"CodeSection\" FROM \"tblViolation\" v WHERE v.\"Severity\" = 'Life Safety' AND v.\"ResolvedDate\" IS NULL", False),
    ("permits", "value_filter", "which inspectors are inactive", "SELECT n.\"FullName\" FROM \"Inspector\" n WHERE NOT n.\"IsActive\"", False),
    ("permits", "count", "how many roofing permits were issued this year", f"SELECT count(*) FROM {P_TYPE} WHERE t.type_name = 'Roofing' AND " + THIS_YEAR.format(c="p.\"IssuedDate\""), False),
    ("permits", "count", "# of failed inspections", "SELECT count(*) FROM \"tblInspection\" i WHERE i.\"Result\" = 'Fail'", False),
    ("permits", "count", "how many applicants are homeowners", "SELECT count(*) FROM \"tblApplicant\" a WHERE a.\"ApplicantType\" = 'Homeowner'", False),
    ("permits", "aggregate", "total valuation of all solar permits", f"SELECT sum(p.\"Valuation\") FROM {P_TYPE} WHERE t.type_name = 'Solar'", False),
    ("permits", "aggregate", "average fine for a major violation", "SELECT avg(v.\"FineAmt\") FROM \"tblViolation\" v WHERE v.\"Severity\" = 'Major'", False),
    ("permits", "aggregate", "biggest lot in hillcrest, sq ft", "SELECT max(pa.\"LotSqFt\") FROM \"tblParcel\" pa WHERE pa.\"Neighborhood\" = 'Hillcrest'", False),
    ("permits", "group_by", "permits by type", f"SELECT t.type_name, count(*) FROM {P_TYPE} GROUP BY t.type_name", False),
    ("permits", "group_by", "inspections per inspector this year", f"SELECT n.\"FullName\", count(*) FROM {I_INSP} WHERE " + THIS_YEAR.format(c="i.\"ScheduledDate\"") + " GROUP BY n.\"FullName\"", False),
    ("permits", "group_by", "unpaid fees by fee type", "SELECT f.fee_type, sum(f.amount) FROM t_fee f WHERE f.paid_on IS NULL GROUP BY f.fee_type", False),
    ("permits", "top_n", "top 5 contractors by number of permits pulled", f"SELECT a.\"CompanyName\", count(*) FROM {P_APPL} WHERE a.\"ApplicantType\" = 'Contractor' GROUP BY a.\"CompanyName\" ORDER BY count(*) DESC LIMIT 5", True),
    ("permits", "top_n", "which neighborhood has the most open violations", "SELECT pa.\"Neighborhood\", count(*) FROM \"tblViolation\" v JOIN \"tblParcel\" pa ON pa.\"ParcelID\" = v.\"ParcelID\" WHERE v.\"ResolvedDate\" IS NULL GROUP BY pa.\"Neighborhood\" ORDER BY count(*) DESC LIMIT 1", True),
    ("permits", "top_n", "3 priciest projects applied for this year", "SELECT p.\"PermitNumber\", p.\"Valuation\" FROM \"tblPermit\" p WHERE " + THIS_YEAR.format(c="p.\"AppliedDate\"") + " ORDER BY p.\"Valuation\" DESC LIMIT 3", True),
    ("permits", "join", "permits pulled by Brightline Electric", f"SELECT p.\"PermitNumber\" FROM {P_APPL} WHERE a.\"CompanyName\" = 'Brightline Electric'", False),
    ("permits", "join", "how many inspections has Sunita Rao failed", f"SELECT count(*) FROM {I_INSP} WHERE n.\"FullName\" = 'Sunita Rao' AND i.\"Result\" = 'Fail'", False),
    ("permits", "join", "fees on permit BLD-2024-00001", "SELECT f.fee_type, f.amount FROM t_fee f JOIN \"tblPermit\" p ON p.\"PermitID\" = f.permit_id WHERE p.\"PermitNumber\" = 'BLD-2024-00001'", False),
    ("permits", "multi_hop", "how many inspections has Rosa Delgado had on her permits", f"SELECT count(*) FROM \"tblInspection\" i JOIN {P_APPL} ON p.\"PermitID\" = i.\"PermitID\" WHERE a.\"FirstName\" = 'Rosa' AND a.\"LastName\" = 'Delgado'", False),
    ("permits", "multi_hop", "total fees collected on permits in the mill district", f"SELECT sum(f.amount) FROM t_fee f JOIN {P_PARCEL} ON p.\"PermitID\" = f.permit_id WHERE pa.\"Neighborhood\" = 'Mill District' AND f.paid_on IS NOT NULL", False),
    ("permits", "multi_hop", "how many violations were written up during electrical inspections", f"SELECT count(*) FROM \"tblViolation\" v JOIN \"tblInspection\" i ON i.\"InspectionID\" = v.\"InspectionID\" JOIN {P_TYPE} ON p.\"PermitID\" = i.\"PermitID\" WHERE t.type_name = 'Electrical'", False),
    ("permits", "relative_date", "how many permit applications came in last week", "SELECT count(*) FROM \"tblPermit\" p WHERE " + LAST_WEEK.format(c="p.\"AppliedDate\""), False),
    ("permits", "relative_date", "how many inspections are scheduled for the next 7 days", "SELECT count(*) FROM \"tblInspection\" i WHERE i.\"ScheduledDate\" >= current_date AND i.\"ScheduledDate\" < current_date + 7", False),
    ("permits", "relative_date", "fees collected last month", "SELECT sum(f.amount) FROM t_fee f WHERE " + LAST_MONTH.format(c="f.paid_on"), False),
    ("permits", "ratio", "what % of inspections fail", "SELECT 100.0 * count(*) FILTER (WHERE i.\"Result\" = 'Fail') / count(*) FROM \"tblInspection\" i", False),
    ("permits", "ratio", "denial rate for building permits", f"SELECT 100.0 * count(*) FILTER (WHERE p.\"Status\" = 'Denied') / count(*) FROM {P_TYPE} WHERE t.type_name = 'Building'", False),
    ("permits", "ratio", "what share of fee dollars is still unpaid", "SELECT 100.0 * sum(f.amount) FILTER (WHERE f.paid_on IS NULL) / sum(f.amount) FROM t_fee f", False),
    ("permits", "having", "neighborhoods with more than 150 permits", f"SELECT pa.\"Neighborhood\", count(*) FROM {P_PARCEL} GROUP BY pa.\"Neighborhood\" HAVING count(*) > 150", False),
    ("permits", "having", "inspectors with over 60 failed inspections", f"SELECT n.\"FullName\", count(*) FROM {I_INSP} WHERE i.\"Result\" = 'Fail' GROUP BY n.\"FullName\" HAVING count(*) > 60", False),
    ("permits", "having", "permit types averaging over 50k in valuation", f"SELECT t.type_name, avg(p.\"Valuation\") FROM {P_TYPE} GROUP BY t.type_name HAVING avg(p.\"Valuation\") > 50000", False),
    ("permits", "distinct_count", "how many different parcels had a permit applied for this year", "SELECT count(DISTINCT p.\"ParcelID\") FROM \"tblPermit\" p WHERE " + THIS_YEAR.format(c="p.\"AppliedDate\""), False),
    ("permits", "distinct_count", "how many distinct applicants pulled roofing permits", f"SELECT count(DISTINCT p.\"ApplicantID\") FROM {P_TYPE} WHERE t.type_name = 'Roofing'", False),
    ("permits", "anti_join", "inspectors who have never done an inspection", "SELECT n.\"FullName\" FROM \"Inspector\" n WHERE NOT EXISTS (SELECT 1 FROM \"tblInspection\" i WHERE i.\"InspectorID\" = n.\"InspectorID\")", False),
    ("permits", "anti_join", "how many parcels have never had a permit", "SELECT count(*) FROM \"tblParcel\" pa WHERE NOT EXISTS (SELECT 1 FROM \"tblPermit\" p WHERE p.\"ParcelID\" = pa.\"ParcelID\")", False),
    ("permits", "anti_join", "issued permits that haven't had an inspection yet", "SELECT p.\"PermitNumber\" FROM \"tblPermit\" p WHERE p.\"Status\" = 'Issued' AND NOT EXISTS (SELECT 1 FROM \"tblInspection\" i WHERE i.\"PermitID\" = p.\"PermitID\")", False),
    ("permits", "vs_average", "how many permits are valued above average", "SELECT count(*) FROM \"tblPermit\" p WHERE p.\"Valuation\" > (SELECT avg(\"Valuation\") FROM \"tblPermit\")", False),
    ("permits", "vs_average", "how many violations carry a fine bigger than the avg fine", "SELECT count(*) FROM \"tblViolation\" v WHERE v.\"FineAmt\" > (SELECT avg(\"FineAmt\") FROM \"tblViolation\")", False),
    ("permits", "date_diff", "average days from application to issuance", "SELECT avg(p.\"IssuedDate\" - p.\"AppliedDate\") FROM \"tblPermit\" p WHERE p.\"IssuedDate\" IS NOT NULL", False),
    ("permits", "date_diff", "avg days to resolve a violation", "SELECT avg(v.\"ResolvedDate\" - v.\"CitedDate\") FROM \"tblViolation\" v WHERE v.\"ResolvedDate\" IS NOT NULL", False),
    ("permits", "date_diff", "how many years has each inspector been with the city", "SELECT n.\"FullName\", date_part('year', age(n.\"HireDate\")) FROM \"Inspector\" n", False),
    ("permits", "two_period", "permit applications this month vs last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c="p.\"AppliedDate\"") + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c="p.\"AppliedDate\"") + ") FROM \"tblPermit\" p", False),
    ("permits", "two_period", "fees collected this year vs last yr", "SELECT sum(f.amount) FILTER (WHERE " + THIS_YEAR.format(c="f.paid_on") + "), sum(f.amount) FILTER (WHERE " + LAST_YEAR.format(c="f.paid_on") + ") FROM t_fee f", False),
)

E_SHOW = "episode e JOIN show s ON s.show_id = e.show_id"
DL_SHOW = "ep_dl d JOIN episode e ON e.ep_id = d.ep_id JOIN show s ON s.show_id = e.show_id"
AD_ADV = "ad_plcmt a JOIN advertiser v ON v.adv_id = a.adv_id"

PODCAST: tuple[tuple[str, str, str, str, bool], ...] = (
    ("podcast", "value_filter", "true crime shows", "SELECT s.show_nm FROM show s WHERE s.cat = 'True Crime'", False),
    ("podcast", "value_filter", "explicit episodes of Laugh Track over an hour long", f"SELECT e.ep_ttl FROM {E_SHOW} WHERE s.show_nm = 'Laugh Track' AND e.expl AND e.dur_s > 3600", False),
    ("podcast", "value_filter", "advertisers in finance", "SELECT v.adv_nm FROM advertiser v WHERE v.ind = 'Finance'", False),
    ("podcast", "value_filter", "spanish-language shows", "SELECT s.show_nm FROM show s WHERE s.lang = 'es'", False),
    ("podcast", "count", "how many episodes has Byte Size put out", f"SELECT count(*) FROM {E_SHOW} WHERE s.show_nm = 'Byte Size'", False),
    ("podcast", "count", "how many shows are still active", "SELECT count(*) FROM show s WHERE s.actv_flg", False),
    ("podcast", "count", "number of guests who are authors", "SELECT count(*) FROM guest g WHERE g.occ = 'Author'", False),
    ("podcast", "aggregate", "avg episode length in minutes", "SELECT avg(e.dur_s) / 60.0 FROM episode e", False),
    ("podcast", "aggregate", "total downloads", "SELECT sum(d.dl_cnt) FROM ep_dl d", False),
    ("podcast", "aggregate", "total ad revenue from mid-rolls", "SELECT sum(a.price_usd) FROM ad_plcmt a WHERE a.pos = 'mid'", False),
    ("podcast", "group_by", "downloads by country", "SELECT d.ctry_cd, sum(d.dl_cnt) FROM ep_dl d GROUP BY d.ctry_cd", False),
    ("podcast", "group_by", "episodes per show", f"SELECT s.show_nm, count(*) FROM {E_SHOW} GROUP BY s.show_nm", False),
    ("podcast", "group_by", "ad spend by industry", f"SELECT v.ind, sum(a.price_usd) FROM {AD_ADV} GROUP BY v.ind", False),
    ("podcast", "group_by", "average episode runtime in mins for each show", f"SELECT s.show_nm, avg(e.dur_s) / 60.0 FROM {E_SHOW} GROUP BY s.show_nm", False),
    ("podcast", "top_n", "top 3 shows by downloads", f"SELECT s.show_nm, sum(d.dl_cnt) FROM {DL_SHOW} GROUP BY s.show_nm ORDER BY sum(d.dl_cnt) DESC LIMIT 3", True),
    ("podcast", "top_n", "which advertiser bought the most spots", f"SELECT v.adv_nm, count(*) FROM {AD_ADV} GROUP BY v.adv_nm ORDER BY count(*) DESC LIMIT 1", True),
    ("podcast", "top_n", "5 longest episodes", "SELECT e.ep_ttl, e.dur_s FROM episode e ORDER BY e.dur_s DESC LIMIT 5", True),
    ("podcast", "join", "episodes Ruth Calloway guested on", "SELECT e.ep_ttl FROM ep_guest eg JOIN guest g ON g.guest_id = eg.guest_id JOIN episode e ON e.ep_id = eg.ep_id WHERE g.guest_nm = 'Ruth Calloway'", False),
    ("podcast", "join", "who hosts Cold Case Files", "SELECT h.first_nm, h.last_nm FROM show_host sh JOIN host h ON h.host_id = sh.host_id JOIN show s ON s.show_id = sh.show_id WHERE s.show_nm = 'Cold Case Files'", False),
    ("podcast", "join", "how many ad placements has NordHost bought", f"SELECT count(*) FROM {AD_ADV} WHERE v.adv_nm = 'NordHost'", False),
    ("podcast", "multi_hop", "how many ads did Kite VPN run on Byte Size", f"SELECT count(*) FROM {AD_ADV} JOIN {E_SHOW} ON e.ep_id = a.ep_id WHERE v.adv_nm = 'Kite VPN' AND s.show_nm = 'Byte Size'", False),
    ("podcast", "multi_hop", "total downloads of Dana Whitaker's shows", "SELECT sum(d.dl_cnt) FROM ep_dl d JOIN episode e ON e.ep_id = d.ep_id JOIN show_host sh ON sh.show_id = e.show_id JOIN host h ON h.host_id = sh.host_id WHERE h.first_nm = 'Dana' AND h.last_nm = 'Whitaker'", False),
    ("podcast", "multi_hop", "guests who have been on true crime shows", f"SELECT DISTINCT g.guest_nm FROM ep_guest eg JOIN guest g ON g.guest_id = eg.guest_id JOIN {E_SHOW} ON e.ep_id = eg.ep_id WHERE s.cat = 'True Crime'", False),
    ("podcast", "relative_date", "how many episodes went out last month", "SELECT count(*) FROM episode e WHERE " + LAST_MONTH.format(c="e.ep_dt"), False),
    ("podcast", "relative_date", "downloads yesterday", "SELECT sum(d.dl_cnt) FROM ep_dl d WHERE " + YESTERDAY.format(c="d.dl_dt"), False),
    ("podcast", "relative_date", "ad revenue on episodes released this quarter", "SELECT sum(a.price_usd) FROM ad_plcmt a JOIN episode e ON e.ep_id = a.ep_id WHERE " + THIS_QUARTER.format(c="e.ep_dt"), False),
    ("podcast", "ratio", "what % of episodes are explicit", "SELECT 100.0 * count(*) FILTER (WHERE e.expl) / count(*) FROM episode e", False),
    ("podcast", "ratio", "share of downloads from outside the US", "SELECT 100.0 * sum(d.dl_cnt) FILTER (WHERE d.ctry_cd <> 'US') / sum(d.dl_cnt) FROM ep_dl d", False),
    ("podcast", "ratio", "ad revenue per thousand impressions", "SELECT 1000.0 * sum(a.price_usd) / sum(a.imps) FROM ad_plcmt a", False),
    ("podcast", "having", "shows with more than 100 episodes", f"SELECT s.show_nm, count(*) FROM {E_SHOW} GROUP BY s.show_nm HAVING count(*) > 100", False),
    ("podcast", "having", "countries with over 100k downloads", "SELECT d.ctry_cd, sum(d.dl_cnt) FROM ep_dl d GROUP BY d.ctry_cd HAVING sum(d.dl_cnt) > 100000", False),
    ("podcast", "having", "advertisers who've spent more than 5500 with us", f"SELECT v.adv_nm, sum(a.price_usd) FROM {AD_ADV} GROUP BY v.adv_nm HAVING sum(a.price_usd) > 5500", False),
    ("podcast", "distinct_count", "how many different guests have we had on", "SELECT count(DISTINCT eg.guest_id) FROM ep_guest eg", False),
    ("podcast", "distinct_count", "how many countries do our downloads come from", "SELECT count(DISTINCT d.ctry_cd) FROM ep_dl d", False),
    ("podcast", "distinct_count", "how many advertisers have run ads on Night Shift Stories", f"SELECT count(DISTINCT a.adv_id) FROM ad_plcmt a JOIN {E_SHOW} ON e.ep_id = a.ep_id WHERE s.show_nm = 'Night Shift Stories'", False),
    ("podcast", "anti_join", "advertisers that never bought an ad", "SELECT v.adv_nm FROM advertiser v WHERE NOT EXISTS (SELECT 1 FROM ad_plcmt a WHERE a.adv_id = v.adv_id)", False),
    ("podcast", "anti_join", "guests who haven't appeared on any episode", "SELECT g.guest_nm FROM guest g WHERE NOT EXISTS (SELECT 1 FROM ep_guest eg WHERE eg.guest_id = g.guest_id)", False),
    ("podcast", "anti_join", "shows with no episodes in the last 30 days", "SELECT s.show_nm FROM show s WHERE NOT EXISTS (SELECT 1 FROM episode e WHERE e.show_id = s.show_id AND e.ep_dt >= current_date - 30)", False),
    ("podcast", "vs_average", "how many episodes run longer than average", "SELECT count(*) FROM episode e WHERE e.dur_s > (SELECT avg(dur_s) FROM episode)", False),
    ("podcast", "vs_average", "shows whose episodes are longer on average than the network's average episode", f"SELECT s.show_nm FROM {E_SHOW} GROUP BY s.show_nm HAVING avg(e.dur_s) > (SELECT avg(dur_s) FROM episode)", False),
    ("podcast", "date_diff", "days since each show's latest episode", f"SELECT s.show_nm, current_date - max(e.ep_dt) FROM {E_SHOW} GROUP BY s.show_nm", False),
    ("podcast", "date_diff", "how old is each show in days", "SELECT s.show_nm, current_date - s.lnch_dt FROM show s", False),
    ("podcast", "date_diff", "how many days has each host been with the network", "SELECT h.first_nm, h.last_nm, current_date - h.join_dt FROM host h", False),
    ("podcast", "two_period", "downloads this month vs last month", "SELECT sum(d.dl_cnt) FILTER (WHERE " + THIS_MONTH.format(c="d.dl_dt") + "), sum(d.dl_cnt) FILTER (WHERE " + LAST_MONTH.format(c="d.dl_dt") + ") FROM ep_dl d", False),
    ("podcast", "two_period", "episodes published this year vs last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="e.ep_dt") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="e.ep_dt") + ") FROM episode e", False),
)

QUESTIONS = PERMITS + PODCAST
