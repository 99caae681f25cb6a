"""Questions about ``unseen_solar`` (solar farms, singular table names)."""

from eval.unseen.gold.periods import (
    LAST_MONTH as _LAST_MONTH,
    LAST_YEAR as _LAST_YEAR,
    LAST_QUARTER as _LAST_QUARTER)

_GEN = "FROM meter_reading r JOIN meter m ON m.meter_id = r.meter_id JOIN site s ON s.site_id = m.site_id"
_CONTRACT = ("JOIN offtake_contract c ON c.site_id = m.site_id AND r.reading_date >= c.start_date "
             "AND (c.end_date IS NULL OR r.reading_date <= c.end_date)")
_HOURS = "extract(epoch FROM o.ended_at - o.started_at) / 3600"

QUESTIONS = (
    # value_filter
    ("value_filter", "which sites have batteries",
     "SELECT s.site_name FROM site s WHERE s.has_battery", False),
    ("value_filter", "decommissioned inverters at juniper flats",
     "SELECT i.serial_no FROM inverter i JOIN site s ON s.site_id = i.site_id "
     "WHERE s.site_name = 'Juniper Flats' AND i.decommissioned_on IS NOT NULL", False),
    ("value_filter", "whats the current $/MWh at Red Mesa",
     "SELECT c.price_per_mwh FROM offtake_contract c JOIN site s ON s.site_id = c.site_id "
     "WHERE s.site_name = 'Red Mesa PV' AND c.end_date IS NULL", False),
    ("value_filter", "arizona sites and their capacity",
     "SELECT s.site_name, s.capacity_kwp FROM site s WHERE s.state = 'AZ'", False),
    # count
    ("count", "how many inverters does desert sky have",
     "SELECT count(*) FROM inverter i JOIN site s ON s.site_id = i.site_id "
     "WHERE s.site_name = 'Desert Sky Solar' AND i.decommissioned_on IS NULL", False),
    ("count", "how many outages are still ongoing",
     "SELECT count(*) FROM outage o WHERE o.ended_at IS NULL", False),
    ("count", "number of estimated readings at sagebrush",
     f"SELECT count(*) {_GEN} WHERE s.site_name = 'Sagebrush Solar Farm' AND r.is_estimated", False),
    # aggregate
    ("aggregate", "total generation to date in MWh",
     "SELECT sum(r.kwh) / 1000.0 FROM meter_reading r", False),
    ("aggregate", "average daily output at coyote ridge",
     f"SELECT avg(r.kwh) {_GEN} WHERE s.site_name = 'Coyote Ridge Solar'", False),
    ("aggregate", "how much have we spent on O&M visits in total",
     "SELECT sum(v.cost_usd) FROM maintenance_visit v", False),
    ("aggregate", "total installed capacity in MW",
     "SELECT sum(s.capacity_kwp) / 1000.0 FROM site s", False),
    # distinct_count
    ("distinct_count", "how many technicians have been out to Red Mesa",
     "SELECT count(DISTINCT v.technician) FROM maintenance_visit v JOIN site s ON s.site_id = v.site_id "
     "WHERE s.site_name = 'Red Mesa PV'", False),
    ("distinct_count", "how many inverter brands do we use",
     "SELECT count(DISTINCT i.manufacturer) FROM inverter i", False),
    ("distinct_count", "how many different inverters have faulted at juniper flats",
     "SELECT count(DISTINCT o.inverter_id) FROM outage o JOIN site s ON s.site_id = o.site_id "
     "WHERE s.site_name = 'Juniper Flats' AND o.cause = 'inverter fault'", False),
    # group_by
    ("group_by", "generation by site last month",
     f"SELECT s.site_name, sum(r.kwh) {_GEN} WHERE {_LAST_MONTH.format(c='r.reading_date')} GROUP BY s.site_name",
     False),
    ("group_by", "outages by cause",
     "SELECT o.cause, count(*) FROM outage o GROUP BY o.cause", False),
    ("group_by", "monthly output over the last 12 months",
     "SELECT date_trunc('month', r.reading_date) AS month, sum(r.kwh) FROM meter_reading r "
     "WHERE r.reading_date >= current_date - interval '12 months' GROUP BY 1 ORDER BY 1", True),
    ("group_by", "o&m cost per site",
     "SELECT s.site_name, sum(v.cost_usd) FROM maintenance_visit v JOIN site s ON s.site_id = v.site_id "
     "GROUP BY s.site_name", False),
    # having
    ("having", "sites that have had more than 60 outages",
     "SELECT s.site_name, count(*) FROM outage o JOIN site s ON s.site_id = o.site_id GROUP BY s.site_name "
     "HAVING count(*) > 60", False),
    ("having", "technicians who have logged more than 400 hours",
     "SELECT v.technician, sum(v.labor_hours) FROM maintenance_visit v GROUP BY v.technician "
     "HAVING sum(v.labor_hours) > 400", False),
    ("having", "months last year where we generated over 25,000 MWh",
     "SELECT date_trunc('month', r.reading_date) AS month, sum(r.kwh) / 1000.0 FROM meter_reading r "
     f"WHERE {_LAST_YEAR.format(c='r.reading_date')} GROUP BY 1 HAVING sum(r.kwh) > 25000000", False),
    # join
    ("join", "who buys the power from Prairie Sun",
     "SELECT c.offtaker FROM offtake_contract c JOIN site s ON s.site_id = c.site_id "
     "WHERE s.site_name = 'Prairie Sun' AND c.end_date IS NULL", False),
    ("join", "what make are the inverters at Red Mesa",
     "SELECT DISTINCT i.manufacturer FROM inverter i JOIN site s ON s.site_id = i.site_id "
     "WHERE s.site_name = 'Red Mesa PV'", False),
    ("join", "sites Dana Whitlock has worked at",
     "SELECT DISTINCT s.site_name FROM maintenance_visit v JOIN site s ON s.site_id = v.site_id "
     "WHERE v.technician = 'Dana Whitlock'", False),
    ("join", "when was the old meter at red mesa taken out",
     "SELECT m.removed_on FROM meter m JOIN site s ON s.site_id = m.site_id "
     "WHERE s.site_name = 'Red Mesa PV' AND m.removed_on IS NOT NULL", False),
    # relative_date
    ("relative_date", "how much did we generate yesterday",
     "SELECT sum(r.kwh) FROM meter_reading r WHERE r.reading_date >= current_date - 1 "
     "AND r.reading_date < current_date", False),
    ("relative_date", "outages in the past 30 days",
     "SELECT count(*) FROM outage o WHERE o.started_at >= current_date - 30", False),
    ("relative_date", "generation last quarter in MWh",
     f"SELECT sum(r.kwh) / 1000.0 FROM meter_reading r WHERE {_LAST_QUARTER.format(c='r.reading_date')}", False),
    ("relative_date", "how many maintenance visits were there last month",
     f"SELECT count(*) FROM maintenance_visit v WHERE {_LAST_MONTH.format(c='v.visit_date')}", False),
    # ratio
    ("ratio", "what % of outages are inverter faults",
     "SELECT 100.0 * count(*) FILTER (WHERE o.cause = 'inverter fault') / count(*) FROM outage o", False),
    ("ratio", "percentage of estimated readings per site",
     f"SELECT s.site_name, 100.0 * count(*) FILTER (WHERE r.is_estimated) / count(*) {_GEN} GROUP BY s.site_name",
     False),
    ("ratio", "specific yield by site last year, kWh per kWp",
     f"SELECT s.site_name, sum(r.kwh) / s.capacity_kwp {_GEN} WHERE {_LAST_YEAR.format(c='r.reading_date')} "
     "GROUP BY s.site_name, s.capacity_kwp", False),
    # top_n
    ("top_n", "which site generated the most last month",
     f"SELECT s.site_name, sum(r.kwh) AS kwh {_GEN} WHERE {_LAST_MONTH.format(c='r.reading_date')} "
     "GROUP BY s.site_name ORDER BY kwh DESC LIMIT 1", True),
    ("top_n", "top 3 sites by energy lost to outages in the past 12 months",
     "SELECT s.site_name, sum(o.est_lost_kwh) AS lost FROM outage o JOIN site s ON s.site_id = o.site_id "
     "WHERE o.started_at >= current_date - interval '12 months' GROUP BY s.site_name ORDER BY lost DESC LIMIT 3",
     True),
    ("top_n", "longest outage in hours and where it was",
     f"SELECT s.site_name, {_HOURS} AS hours FROM outage o JOIN site s ON s.site_id = o.site_id "
     "WHERE o.ended_at IS NOT NULL ORDER BY hours DESC LIMIT 1", True),
    ("top_n", "desert sky's best day ever",
     f"SELECT r.reading_date, r.kwh {_GEN} WHERE s.site_name = 'Desert Sky Solar' ORDER BY r.kwh DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "sites with no outages in the last 60 days",
     "SELECT s.site_name FROM site s WHERE NOT EXISTS (SELECT 1 FROM outage o WHERE o.site_id = s.site_id "
     "AND o.started_at >= current_date - 60)", False),
    ("anti_join", "inverters in service that have never faulted",
     "SELECT i.serial_no FROM inverter i WHERE i.decommissioned_on IS NULL AND NOT EXISTS (SELECT 1 FROM outage o "
     "WHERE o.inverter_id = i.inverter_id AND o.cause = 'inverter fault')", False),
    # vs_average
    ("vs_average", "which sites have had more outages than the average site",
     "WITH per_site AS (SELECT s.site_name, count(*) AS outages FROM outage o JOIN site s ON s.site_id = o.site_id "
     "GROUP BY s.site_name) SELECT p.site_name, p.outages FROM per_site p "
     "WHERE p.outages > (SELECT avg(outages) FROM per_site)", False),
    # date_diff
    ("date_diff", "average outage length in hours",
     f"SELECT avg({_HOURS}) FROM outage o WHERE o.ended_at IS NOT NULL", False),
    ("date_diff", "how many days has prairie sun been running",
     "SELECT current_date - s.commissioned_on FROM site s WHERE s.site_name = 'Prairie Sun'", False),
    # share
    ("share", "what share of last year's generation came from desert sky",
     f"SELECT 100.0 * sum(r.kwh) FILTER (WHERE s.site_name = 'Desert Sky Solar') / sum(r.kwh) {_GEN} "
     f"WHERE {_LAST_YEAR.format(c='r.reading_date')}", False),
    ("share", "each site's % of installed capacity",
     "SELECT s.site_name, 100.0 * s.capacity_kwp / sum(s.capacity_kwp) OVER () FROM site s", False),
    # two_period
    ("two_period", "generation last month vs the same month a year ago",
     f"SELECT sum(r.kwh) FILTER (WHERE {_LAST_MONTH.format(c='r.reading_date')}), "
     "sum(r.kwh) FILTER (WHERE r.reading_date >= date_trunc('month', current_date) - interval '13 months' "
     "AND r.reading_date < date_trunc('month', current_date) - interval '12 months') FROM meter_reading r", False),
    # multi_hop
    ("multi_hop", "revenue by offtaker last year",
     f"SELECT c.offtaker, sum(r.kwh / 1000.0 * c.price_per_mwh) FROM meter_reading r "
     f"JOIN meter m ON m.meter_id = r.meter_id {_CONTRACT} WHERE {_LAST_YEAR.format(c='r.reading_date')} "
     "GROUP BY c.offtaker", False),
    ("multi_hop", "how much did desert sky earn last month",
     f"SELECT sum(r.kwh / 1000.0 * c.price_per_mwh) FROM meter_reading r JOIN meter m ON m.meter_id = r.meter_id "
     f"JOIN site s ON s.site_id = m.site_id {_CONTRACT} WHERE s.site_name = 'Desert Sky Solar' "
     f"AND {_LAST_MONTH.format(c='r.reading_date')}", False),
)
