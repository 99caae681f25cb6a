"""Questions about ``unseen_waste`` (municipal collection, singular tables with ``id`` keys)."""

from eval.unseen.gold.periods import (
    LAST_WEEK as _LAST_WEEK,
    LAST_MONTH as _LAST_MONTH,
    LAST_YEAR as _LAST_YEAR,
    LAST_QUARTER as _LAST_QUARTER,
    QUARTER_BEFORE as _QUARTER_BEFORE)

_LOADS = ("FROM weigh_ticket w JOIN collection_run c ON c.id = w.run_id JOIN route r ON r.id = c.route_id")
_IN_DISTRICT = "JOIN district d ON d.id = r.district_id"
_TONNES = "sum(w.net_kg) / 1000.0"
_HOURS = "extract(epoch FROM {end} - {start}) / 3600"

QUESTIONS = (
    # value_filter
    ("value_filter", "routes in eastfield",
     "SELECT r.code FROM route r JOIN district d ON d.id = r.district_id WHERE d.name = 'Eastfield'", False),
    ("value_filter", "CNG trucks still in service",
     "SELECT t.fleet_number FROM truck t WHERE t.fuel = 'CNG' AND t.retired_on IS NULL", False),
    ("value_filter", "what day is recycling picked up in riverside",
     "SELECT r.collection_day FROM route r JOIN district d ON d.id = r.district_id "
     "WHERE d.name = 'Riverside' AND r.stream = 'recycling'", False),
    ("value_filter", "gate fee at greenbank?",
     "SELECT f.gate_fee_per_tonne FROM facility f WHERE f.name = 'Greenbank Landfill'", False),
    # count
    ("count", "how many service requests are still open",
     "SELECT count(*) FROM service_request s WHERE s.status = 'open'", False),
    ("count", "how many missed collection reports have come from Harbour",
     "SELECT count(*) FROM service_request s JOIN district d ON d.id = s.district_id "
     "WHERE d.name = 'Harbour' AND s.request_type = 'missed collection'", False),
    ("count", "how many collection runs got cancelled",
     "SELECT count(*) FROM collection_run c WHERE c.status = 'cancelled'", False),
    # aggregate
    ("aggregate", "total tonnes collected",
     "SELECT sum(w.net_kg) / 1000.0 FROM weigh_ticket w", False),
    ("aggregate", "average load at Millbrook MRF in kg",
     "SELECT avg(w.net_kg) FROM weigh_ticket w JOIN facility f ON f.id = w.facility_id "
     "WHERE f.name = 'Millbrook MRF'", False),
    ("aggregate", "avg contamination in recycling loads",
     "SELECT avg(w.contamination_pct) FROM weigh_ticket w", False),
    ("aggregate", "how much have we paid in gate fees at the harbour transfer station",
     "SELECT sum(w.net_kg / 1000.0 * f.gate_fee_per_tonne) FROM weigh_ticket w "
     "JOIN facility f ON f.id = w.facility_id WHERE f.name = 'Harbour Transfer Station'", False),
    # distinct_count
    ("distinct_count", "how many drivers did collections last month",
     "SELECT count(DISTINCT c.driver_id) FROM collection_run c WHERE c.status <> 'cancelled' AND "
     + _LAST_MONTH.format(c="c.run_date"), False),
    ("distinct_count", "how many different trucks have done recycling routes",
     "SELECT count(DISTINCT c.truck_id) FROM collection_run c JOIN route r ON r.id = c.route_id "
     "WHERE r.stream = 'recycling' AND c.status <> 'cancelled'", False),
    ("distinct_count", "how many districts reported illegal dumping in the past 90 days",
     "SELECT count(DISTINCT s.district_id) FROM service_request s WHERE s.request_type = 'illegal dumping' "
     "AND s.opened_at >= current_date - 90", False),
    # group_by
    ("group_by", "tonnage by stream",
     f"SELECT r.stream, {_TONNES} {_LOADS} GROUP BY r.stream", False),
    ("group_by", "service requests by channel",
     "SELECT s.channel, count(*) FROM service_request s GROUP BY s.channel", False),
    ("group_by", "garbage tonnes per district last year",
     f"SELECT d.name, {_TONNES} {_LOADS} {_IN_DISTRICT} WHERE r.stream = 'garbage' "
     f"AND {_LAST_YEAR.format(c='c.run_date')} GROUP BY d.name", False),
    ("group_by", "monthly recycling tonnage over the last 12 months",
     f"SELECT date_trunc('month', c.run_date) AS month, {_TONNES} {_LOADS} WHERE r.stream = 'recycling' "
     "AND c.run_date >= current_date - interval '12 months' GROUP BY 1 ORDER BY 1", True),
    # having
    ("having", "districts with more than 80 missed collection reports",
     "SELECT d.name, count(*) FROM service_request s JOIN district d ON d.id = s.district_id "
     "WHERE s.request_type = 'missed collection' GROUP BY d.name HAVING count(*) > 80", False),
    ("having", "trucks that have hauled over 2000 tonnes",
     f"SELECT t.fleet_number, {_TONNES} {_LOADS} JOIN truck t ON t.id = c.truck_id GROUP BY t.fleet_number "
     "HAVING sum(w.net_kg) > 2000000", False),
    ("having", "drivers with more than 12 partial runs",
     "SELECT m.full_name, count(*) FROM collection_run c JOIN crew_member m ON m.id = c.driver_id "
     "WHERE c.status = 'partial' GROUP BY m.id, m.full_name HAVING count(*) > 12", False),
    # join
    ("join", "which district is route HB-R1 in",
     "SELECT d.name FROM route r JOIN district d ON d.id = r.district_id WHERE r.code = 'HB-R1'", False),
    ("join", "who has driven the electric trucks",
     "SELECT DISTINCT m.full_name FROM collection_run c JOIN truck t ON t.id = c.truck_id "
     "JOIN crew_member m ON m.id = c.driver_id WHERE t.fuel = 'electric'", False),
    ("join", "routes collected on wednesdays and their district",
     "SELECT r.code, d.name FROM route r JOIN district d ON d.id = r.district_id WHERE r.collection_day = 'Wednesday'",
     False),
    # relative_date
    ("relative_date", "tonnes collected last week",
     f"SELECT {_TONNES} FROM weigh_ticket w JOIN collection_run c ON c.id = w.run_id "
     f"WHERE {_LAST_WEEK.format(c='c.run_date')}", False),
    ("relative_date", "service requests in the past 7 days",
     "SELECT count(*) FROM service_request s WHERE s.opened_at >= current_date - 7", False),
    ("relative_date", "how many runs last month were partial",
     f"SELECT count(*) FROM collection_run c WHERE c.status = 'partial' AND {_LAST_MONTH.format(c='c.run_date')}",
     False),
    ("relative_date", "garbage tonnage last quarter",
     f"SELECT {_TONNES} {_LOADS} WHERE r.stream = 'garbage' AND {_LAST_QUARTER.format(c='c.run_date')}", False),
    # ratio
    ("ratio", "diversion rate last year",
     f"SELECT 100.0 * sum(w.net_kg) FILTER (WHERE r.stream <> 'garbage') / sum(w.net_kg) {_LOADS} "
     f"WHERE {_LAST_YEAR.format(c='c.run_date')}", False),
    ("ratio", "partial run rate by district",
     "SELECT d.name, 100.0 * count(*) FILTER (WHERE c.status = 'partial') / count(*) FROM collection_run c "
     "JOIN route r ON r.id = c.route_id JOIN district d ON d.id = r.district_id GROUP BY d.name", False),
    ("ratio", "what % of service requests come in through the app",
     "SELECT 100.0 * count(*) FILTER (WHERE s.channel = 'app') / count(*) FROM service_request s", False),
    # top_n
    ("top_n", "which district had the most missed collection complaints last year",
     "SELECT d.name, count(*) AS reports FROM service_request s JOIN district d ON d.id = s.district_id "
     f"WHERE s.request_type = 'missed collection' AND {_LAST_YEAR.format(c='s.opened_at')} "
     "GROUP BY d.name ORDER BY reports DESC LIMIT 1", True),
    ("top_n", "who drove the most runs in the past 12 months",
     "SELECT m.full_name, count(*) AS runs FROM collection_run c JOIN crew_member m ON m.id = c.driver_id "
     "WHERE c.status <> 'cancelled' AND c.run_date >= current_date - interval '12 months' "
     "GROUP BY m.id, m.full_name ORDER BY runs DESC LIMIT 1", True),
    ("top_n", "worst 3 districts for recycling contamination",
     f"SELECT d.name, avg(w.contamination_pct) AS contamination {_LOADS} {_IN_DISTRICT} "
     "WHERE r.stream = 'recycling' GROUP BY d.name ORDER BY contamination DESC LIMIT 3", True),
    ("top_n", "which truck hauled the most tonnes in the past 12 months",
     f"SELECT t.fleet_number, {_TONNES} AS tonnes {_LOADS} JOIN truck t ON t.id = c.truck_id "
     "WHERE c.run_date >= current_date - interval '12 months' GROUP BY t.fleet_number "
     "ORDER BY tonnes DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "facilities that have never received a load",
     "SELECT f.name FROM facility f WHERE NOT EXISTS (SELECT 1 FROM weigh_ticket w WHERE w.facility_id = f.id)", False),
    ("anti_join", "trucks that haven't been out in the last 30 days",
     "SELECT t.fleet_number FROM truck t WHERE NOT EXISTS (SELECT 1 FROM collection_run c WHERE c.truck_id = t.id "
     "AND c.status <> 'cancelled' AND c.run_date >= current_date - 30)", False),
    # vs_average
    ("vs_average", "routes whose average load is heavier than the overall average load",
     "SELECT r.code, avg(w.net_kg) " + _LOADS + " GROUP BY r.code "
     "HAVING avg(w.net_kg) > (SELECT avg(w2.net_kg) FROM weigh_ticket w2)", False),
    # date_diff
    ("date_diff", "average hours to close a missed collection request",
     f"SELECT avg({_HOURS.format(end='s.closed_at', start='s.opened_at')}) FROM service_request s "
     "WHERE s.request_type = 'missed collection' AND s.status = 'closed'", False),
    ("date_diff", "average age of our current drivers",
     "SELECT avg(extract(year FROM age(current_date, m.birth_date))) FROM crew_member m "
     "WHERE m.role = 'driver' AND m.left_on IS NULL", False),
    ("date_diff", "how long does a collection run take on average, in hours",
     f"SELECT avg({_HOURS.format(end='c.finished_at', start='c.started_at')}) FROM collection_run c "
     "WHERE c.status <> 'cancelled'", False),
    # share
    ("share", "each stream's share of last year's tonnage",
     f"SELECT r.stream, 100.0 * sum(w.net_kg) / sum(sum(w.net_kg)) OVER () {_LOADS} "
     f"WHERE {_LAST_YEAR.format(c='c.run_date')} GROUP BY r.stream", False),
    # two_period
    ("two_period", "service requests last quarter vs the quarter before",
     f"SELECT count(*) FILTER (WHERE {_LAST_QUARTER.format(c='s.opened_at')}), "
     f"count(*) FILTER (WHERE {_QUARTER_BEFORE.format(c='s.opened_at')}) FROM service_request s", False),
    # multi_hop
    ("multi_hop", "which facility does old town's garbage go to",
     f"SELECT DISTINCT f.name {_LOADS} {_IN_DISTRICT} JOIN facility f ON f.id = w.facility_id "
     "WHERE d.name = 'Old Town' AND r.stream = 'garbage'", False),
    ("multi_hop", "tonnes hauled on runs driven by Dale Fitzgerald last year",
     f"SELECT {_TONNES} FROM weigh_ticket w JOIN collection_run c ON c.id = w.run_id "
     "JOIN crew_member m ON m.id = c.driver_id "
     f"WHERE m.full_name = 'Dale Fitzgerald' AND {_LAST_YEAR.format(c='c.run_date')}", False),
    ("multi_hop", "gate fees for eastfield organics last year",
     f"SELECT sum(w.net_kg / 1000.0 * f.gate_fee_per_tonne) {_LOADS} {_IN_DISTRICT} "
     "JOIN facility f ON f.id = w.facility_id "
     f"WHERE d.name = 'Eastfield' AND r.stream = 'organics' AND {_LAST_YEAR.format(c='c.run_date')}", False),
)
