"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev14/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("boardings", "ridership", "taps", "garage", "the streetcar", "fleet",
"lawyers' time", "timekeepers", "cases", "collected", "still open"), terse fragments.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
THIS_WEEK = "{c} >= date_trunc('week', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
WEEK_BEFORE = ("{c} >= date_trunc('week', current_date) - interval '2 weeks' AND {c} < date_trunc('week', "
               "current_date) - interval '1 week'")
NEXT_WEEK = ("{c} >= date_trunc('week', current_date) + interval '1 week' AND {c} < date_trunc('week', current_date) "
             "+ interval '2 weeks'")
YESTERDAY = "{c} >= current_date - 1 AND {c} < current_date"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"

FARE_R = "fare_transactions f JOIN routes r ON r.route_id = f.route_id"
FARE_S = "fare_transactions f JOIN stops s ON s.stop_id = f.stop_id"
INC_D = "service_incidents i JOIN drivers d ON d.driver_id = i.driver_id"
VEH_D = "vehicles v JOIN depots d ON d.depot_id = v.depot_id"
SERVES = ("stop_times st JOIN trips t ON t.trip_id = st.trip_id JOIN routes r ON r.route_id = t.route_id "
          "JOIN stops s ON s.stop_id = st.stop_id")

TRANSIT: tuple[tuple[str, str, str, str, bool], ...] = (
    ("transit", "value_filter", "electric buses at east base", "SELECT v.vehicle_id FROM " + VEH_D + " WHERE d.depot_name = 'East Base' AND v.fuel_type = 'electric'", False),
    ("transit", "value_filter", "zone C stops with no shelter", "SELECT s.stop_name FROM stops s WHERE s.zone_id = 'C' AND NOT s.has_shelter", False),
    ("transit", "value_filter", "which stops can't take wheelchairs", "SELECT s.stop_name FROM stops s WHERE s.wheelchair_boarding = 2", False),
    ("transit", "value_filter", "what's the full name of route 22", "SELECT r.route_long_name FROM routes r WHERE r.route_short_name = '22'", False),
    ("transit", "count", "how many buses are kept at the North Garage", "SELECT count(*) FROM " + VEH_D + " WHERE d.depot_name = 'North Garage'", False),
    ("transit", "count", "number of weekday trips on route 4", "SELECT count(*) FROM trips t JOIN routes r ON r.route_id = t.route_id WHERE r.route_short_name = '4' AND t.service_id = 'WKDY'", False),
    ("transit", "count", "how many of our drivers are trainers", "SELECT count(*) FROM drivers d WHERE d.is_trainer", False),
    ("transit", "count", "how many incidents are still unresolved", "SELECT count(*) FROM service_incidents i WHERE i.resolved_at IS NULL", False),
    ("transit", "aggregate", "total fare revenue last month", "SELECT sum(f.fare_amount) FROM fare_transactions f WHERE " + LAST_MONTH.format(c="f.tapped_at"), False),
    ("transit", "aggregate", "avg seated capacity of the hybrid fleet", "SELECT avg(v.seated_capacity) FROM vehicles v WHERE v.fuel_type = 'hybrid'", False),
    ("transit", "aggregate", "total delay minutes from accidents this year", "SELECT sum(i.delay_minutes) FROM service_incidents i WHERE i.incident_type = 'accident' AND " + THIS_YEAR.format(c="i.reported_at"), False),
    ("transit", "top_n", "busiest route last month by boardings", "SELECT r.route_short_name, count(*) AS boardings FROM " + FARE_R + " WHERE " + LAST_MONTH.format(c="f.tapped_at") + " GROUP BY r.route_short_name ORDER BY boardings DESC LIMIT 1", True),
    ("transit", "top_n", "top 5 stops by ridership this year", "SELECT s.stop_name, count(*) AS boardings FROM " + FARE_S + " WHERE " + THIS_YEAR.format(c="f.tapped_at") + " GROUP BY s.stop_name ORDER BY boardings DESC LIMIT 5", True),
    ("transit", "top_n", "which driver was involved in the most incidents this year", "SELECT d.first_name, d.last_name, count(*) AS incidents FROM " + INC_D + " WHERE " + THIS_YEAR.format(c="i.reported_at") + " GROUP BY d.driver_id, d.first_name, d.last_name ORDER BY incidents DESC LIMIT 1", True),
    ("transit", "top_n", "the 3 oldest vehicles in the fleet", "SELECT v.vehicle_id, v.in_service_date FROM vehicles v ORDER BY v.in_service_date LIMIT 3", True),
    ("transit", "group_by", "boardings by fare type this month", "SELECT f.fare_type, count(*) FROM fare_transactions f WHERE " + THIS_MONTH.format(c="f.tapped_at") + " GROUP BY f.fare_type", False),
    ("transit", "group_by", "incident count per type last quarter", "SELECT i.incident_type, count(*) FROM service_incidents i WHERE " + LAST_QUARTER.format(c="i.reported_at") + " GROUP BY i.incident_type", False),
    ("transit", "group_by", "average odometer km by fuel type", "SELECT v.fuel_type, avg(v.odometer_km) FROM vehicles v GROUP BY v.fuel_type", False),
    ("transit", "group_by", "fare revenue by payment method this year", "SELECT f.payment_method, sum(f.fare_amount) FROM fare_transactions f WHERE " + THIS_YEAR.format(c="f.tapped_at") + " GROUP BY f.payment_method", False),
    ("transit", "join", "how many incidents on the streetcar last month", "SELECT count(*) FROM service_incidents i JOIN routes r ON r.route_id = i.route_id WHERE r.route_long_name = 'Riverfront Streetcar' AND " + LAST_MONTH.format(c="i.reported_at"), False),
    ("transit", "join", "total delay minutes on route 1 last week", "SELECT sum(i.delay_minutes) FROM service_incidents i JOIN routes r ON r.route_id = i.route_id WHERE r.route_short_name = '1' AND " + LAST_WEEK.format(c="i.reported_at"), False),
    ("transit", "join", "senior boardings at Central Station last month", "SELECT count(*) FROM " + FARE_S + " WHERE s.stop_name = 'Central Station' AND f.fare_type = 'senior' AND " + LAST_MONTH.format(c="f.tapped_at"), False),
    ("transit", "join", "which garage runs the N8", "SELECT d.depot_name FROM routes r JOIN depots d ON d.depot_id = r.depot_id WHERE r.route_short_name = 'N8'", False),
    ("transit", "relative_date", "boardings yesterday", "SELECT count(*) FROM fare_transactions f WHERE " + YESTERDAY.format(c="f.tapped_at"), False),
    ("transit", "relative_date", "fare revenue so far this week", "SELECT sum(f.fare_amount) FROM fare_transactions f WHERE " + THIS_WEEK.format(c="f.tapped_at"), False),
    ("transit", "relative_date", "how many incidents in the last 30 days", "SELECT count(*) FROM service_incidents i WHERE i.reported_at >= current_date - 30", False),
    ("transit", "relative_date", "vehicles that went into service this year", "SELECT v.vehicle_id FROM vehicles v WHERE " + THIS_YEAR.format(c="v.in_service_date"), False),
    ("transit", "ratio", "what share of boardings were paid in cash last month", "SELECT 100.0 * count(*) FILTER (WHERE f.payment_method = 'cash') / count(*) FROM fare_transactions f WHERE " + LAST_MONTH.format(c="f.tapped_at"), False),
    ("transit", "ratio", "% of weekday trips that are wheelchair accessible", "SELECT 100.0 * count(*) FILTER (WHERE t.wheelchair_accessible = 1) / count(*) FROM trips t WHERE t.service_id = 'WKDY'", False),
    ("transit", "ratio", "percentage of this year's incidents that were mechanical", "SELECT 100.0 * count(*) FILTER (WHERE i.incident_type = 'mechanical') / count(*) FROM service_incidents i WHERE " + THIS_YEAR.format(c="i.reported_at"), False),
    ("transit", "having", "routes with more than 250 boardings last month", "SELECT r.route_short_name, count(*) FROM " + FARE_R + " WHERE " + LAST_MONTH.format(c="f.tapped_at") + " GROUP BY r.route_short_name HAVING count(*) > 250", False),
    ("transit", "having", "drivers with more than 20 incidents", "SELECT d.first_name, d.last_name, count(*) FROM " + INC_D + " GROUP BY d.driver_id, d.first_name, d.last_name HAVING count(*) > 20", False),
    ("transit", "having", "stops served by more than 2 routes", "SELECT s.stop_name, count(DISTINCT t.route_id) FROM stop_times st JOIN trips t ON t.trip_id = st.trip_id JOIN stops s ON s.stop_id = st.stop_id GROUP BY s.stop_id, s.stop_name HAVING count(DISTINCT t.route_id) > 2", False),
    ("transit", "distinct_count", "how many different vehicles had an incident last month", "SELECT count(DISTINCT i.vehicle_id) FROM service_incidents i WHERE " + LAST_MONTH.format(c="i.reported_at"), False),
    ("transit", "distinct_count", "how many stops does route 22 serve", "SELECT count(DISTINCT st.stop_id) FROM stop_times st JOIN trips t ON t.trip_id = st.trip_id JOIN routes r ON r.route_id = t.route_id WHERE r.route_short_name = '22'", False),
    ("transit", "distinct_count", "on how many routes did riders tap yesterday", "SELECT count(DISTINCT f.route_id) FROM fare_transactions f WHERE " + YESTERDAY.format(c="f.tapped_at"), False),
    ("transit", "anti_join", "stops that no trip ever serves", "SELECT s.stop_name FROM stops s WHERE NOT EXISTS (SELECT 1 FROM stop_times st WHERE st.stop_id = s.stop_id)", False),
    ("transit", "anti_join", "drivers who have never been in an incident", "SELECT d.first_name, d.last_name FROM drivers d WHERE NOT EXISTS (SELECT 1 FROM service_incidents i WHERE i.driver_id = d.driver_id)", False),
    ("transit", "anti_join", "depots with no vehicles", "SELECT d.depot_name FROM depots d WHERE NOT EXISTS (SELECT 1 FROM vehicles v WHERE v.depot_id = d.depot_id)", False),
    ("transit", "vs_average", "vehicles with more km on the odometer than the fleet average", "SELECT v.vehicle_id, v.odometer_km FROM vehicles v WHERE v.odometer_km > (SELECT avg(odometer_km) FROM vehicles)", False),
    ("transit", "vs_average", "incident types whose avg delay is above the overall average delay", "SELECT i.incident_type, avg(i.delay_minutes) FROM service_incidents i GROUP BY i.incident_type HAVING avg(i.delay_minutes) > (SELECT avg(delay_minutes) FROM service_incidents)", False),
    ("transit", "vs_average", "depots with more bays than average", "SELECT d.depot_name, d.bay_capacity FROM depots d WHERE d.bay_capacity > (SELECT avg(bay_capacity) FROM depots)", False),
    ("transit", "date_diff", "how many years has route 4 been running", "SELECT date_part('year', age(r.launched_date)) FROM routes r WHERE r.route_short_name = '4'", False),
    ("transit", "date_diff", "average minutes to resolve a mechanical incident", "SELECT avg(extract(epoch FROM i.resolved_at - i.reported_at) / 60) FROM service_incidents i WHERE i.incident_type = 'mechanical'", False),
    ("transit", "date_diff", "age in years of our oldest vehicle", "SELECT max(date_part('year', age(v.in_service_date))) FROM vehicles v", False),
    ("transit", "two_period", "boardings this month vs last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c="f.tapped_at") + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c="f.tapped_at") + ") FROM fare_transactions f", False),
    ("transit", "two_period", "fare revenue last week compared to the week before", "SELECT sum(f.fare_amount) FILTER (WHERE " + LAST_WEEK.format(c="f.tapped_at") + "), sum(f.fare_amount) FILTER (WHERE " + WEEK_BEFORE.format(c="f.tapped_at") + ") FROM fare_transactions f", False),
    ("transit", "two_period", "incidents this year versus last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="i.reported_at") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="i.reported_at") + ") FROM service_incidents i", False),
    ("transit", "multi_hop", "list the stops on route X5", "SELECT DISTINCT s.stop_name FROM " + SERVES + " WHERE r.route_short_name = 'X5'", False),
    ("transit", "multi_hop", "delay minutes caused by North Garage vehicles last month", "SELECT sum(i.delay_minutes) FROM service_incidents i JOIN vehicles v ON v.vehicle_id = i.vehicle_id JOIN depots d ON d.depot_id = v.depot_id WHERE d.depot_name = 'North Garage' AND " + LAST_MONTH.format(c="i.reported_at"), False),
    ("transit", "multi_hop", "boardings last month on routes run out of South Yard", "SELECT count(*) FROM fare_transactions f JOIN routes r ON r.route_id = f.route_id JOIN depots d ON d.depot_id = r.depot_id WHERE d.depot_name = 'South Yard' AND " + LAST_MONTH.format(c="f.tapped_at"), False),
    ("transit", "multi_hop", "incidents this year involving drivers based at East Base", "SELECT count(*) FROM service_incidents i JOIN drivers d ON d.driver_id = i.driver_id JOIN depots p ON p.depot_id = d.home_depot_id WHERE p.depot_name = 'East Base' AND " + THIS_YEAR.format(c="i.reported_at"), False),
)

ATT_P = "attorney a JOIN practicearea p ON p.practiceareaid = a.practiceareaid"
TE_A = "timeentry t JOIN attorney a ON a.attorneyid = t.attorneyid"
INV_C = "invoice i JOIN matter m ON m.matterid = i.matterid JOIN client c ON c.clientid = m.clientid"

LAWFIRM: tuple[tuple[str, str, str, str, bool], ...] = (
    ("lawfirm", "value_filter", "partners in the litigation group", "SELECT a.firstname, a.lastname FROM " + ATT_P + " WHERE p.areaname = 'Litigation' AND a.title = 'Partner'", False),
    ("lawfirm", "value_filter", "associates with a standard rate over 350 an hour", "SELECT a.firstname, a.lastname, a.standardrate FROM attorney a WHERE a.title = 'Associate' AND a.standardrate > 350", False),
    ("lawfirm", "value_filter", "clients based in providence", "SELECT c.clientname FROM client c WHERE c.city = 'Providence'", False),
    ("lawfirm", "value_filter", "our software clients", "SELECT c.clientname FROM client c WHERE c.industry = 'Software'", False),
    ("lawfirm", "count", "how many matters are still open", "SELECT count(*) FROM matter m WHERE m.closeddate IS NULL", False),
    ("lawfirm", "count", "number of paralegals", "SELECT count(*) FROM attorney a WHERE a.title = 'Paralegal'", False),
    ("lawfirm", "count", "how many individual clients do we have", "SELECT count(*) FROM client c WHERE c.clienttype = 'Individual'", False),
    ("lawfirm", "count", "how many contingency cases", "SELECT count(*) FROM matter m WHERE m.feearrangement = 'Contingency'", False),
    ("lawfirm", "aggregate", "total billable hours last month", "SELECT sum(t.hoursbilled) FROM timeentry t WHERE t.isbillable AND " + LAST_MONTH.format(c="t.workdate"), False),
    ("lawfirm", "aggregate", "average standard rate of our partners", "SELECT avg(a.standardrate) FROM attorney a WHERE a.title = 'Partner'", False),
    ("lawfirm", "aggregate", "how much did clients pay us last quarter", "SELECT sum(py.amount) FROM payment py WHERE " + LAST_QUARTER.format(c="py.paymentdate"), False),
    ("lawfirm", "top_n", "who logged the most billable hours this year", "SELECT a.firstname, a.lastname, sum(t.hoursbilled) AS hours FROM " + TE_A + " WHERE t.isbillable AND " + THIS_YEAR.format(c="t.workdate") + " GROUP BY a.attorneyid, a.firstname, a.lastname ORDER BY hours DESC LIMIT 1", True),
    ("lawfirm", "top_n", "top 3 clients by amount invoiced this year", "SELECT c.clientname, sum(i.amountbilled) AS invoiced FROM " + INV_C + " WHERE " + THIS_YEAR.format(c="i.invoicedate") + " GROUP BY c.clientid, c.clientname ORDER BY invoiced DESC LIMIT 3", True),
    ("lawfirm", "top_n", "biggest invoice last month", "SELECT i.invoicenumber, i.amountbilled FROM invoice i WHERE " + LAST_MONTH.format(c="i.invoicedate") + " ORDER BY i.amountbilled DESC LIMIT 1", True),
    ("lawfirm", "top_n", "practice area with the most new matters this year", "SELECT p.areaname, count(*) AS matters FROM matter m JOIN practicearea p ON p.practiceareaid = m.practiceareaid WHERE " + THIS_YEAR.format(c="m.openeddate") + " GROUP BY p.areaname ORDER BY matters DESC LIMIT 1", True),
    ("lawfirm", "group_by", "open matters by practice area", "SELECT p.areaname, count(*) FROM matter m JOIN practicearea p ON p.practiceareaid = m.practiceareaid WHERE m.closeddate IS NULL GROUP BY p.areaname", False),
    ("lawfirm", "group_by", "hours logged per title last month", "SELECT a.title, sum(t.hoursbilled) FROM " + TE_A + " WHERE " + LAST_MONTH.format(c="t.workdate") + " GROUP BY a.title", False),
    ("lawfirm", "group_by", "amount collected by payment method this year", "SELECT py.method, sum(py.amount) FROM payment py WHERE " + THIS_YEAR.format(c="py.paymentdate") + " GROUP BY py.method", False),
    ("lawfirm", "group_by", "number of clients per city", "SELECT c.city, count(*) FROM client c GROUP BY c.city", False),
    ("lawfirm", "join", "who is the lead attorney on M-2025-0013", "SELECT a.firstname, a.lastname FROM matter m JOIN attorney a ON a.attorneyid = m.leadattorneyid WHERE m.matternumber = 'M-2025-0013'", False),
    ("lawfirm", "join", "billable hours on Quartz Analytics matters last month", "SELECT sum(t.hoursbilled) FROM timeentry t JOIN matter m ON m.matterid = t.matterid JOIN client c ON c.clientid = m.clientid WHERE c.clientname = 'Quartz Analytics LLC' AND t.isbillable AND " + LAST_MONTH.format(c="t.workdate"), False),
    ("lawfirm", "join", "matter numbers of Helen Park's open matters", "SELECT m.matternumber FROM matter m JOIN attorney a ON a.attorneyid = m.leadattorneyid WHERE a.firstname = 'Helen' AND a.lastname = 'Park' AND m.closeddate IS NULL", False),
    ("lawfirm", "relative_date", "how many court dates do we have next week", "SELECT count(*) FROM courtdate cd WHERE " + NEXT_WEEK.format(c="cd.hearingat"), False),
    ("lawfirm", "relative_date", "how many matters were opened in the last 90 days", "SELECT count(*) FROM matter m WHERE m.openeddate >= current_date - 90", False),
    ("lawfirm", "relative_date", "hours logged so far this week", "SELECT sum(t.hoursbilled) FROM timeentry t WHERE " + THIS_WEEK.format(c="t.workdate"), False),
    ("lawfirm", "relative_date", "how many invoices went out last month", "SELECT count(*) FROM invoice i WHERE " + LAST_MONTH.format(c="i.invoicedate"), False),
    ("lawfirm", "ratio", "what percent of hours logged this year were non-billable", "SELECT 100.0 * sum(t.hoursbilled) FILTER (WHERE NOT t.isbillable) / sum(t.hoursbilled) FROM timeentry t WHERE " + THIS_YEAR.format(c="t.workdate"), False),
    ("lawfirm", "ratio", "share of matters on a flat fee", "SELECT 100.0 * count(*) FILTER (WHERE m.feearrangement = 'Flat Fee') / count(*) FROM matter m", False),
    ("lawfirm", "ratio", "what % of invoices issued this year have no payment at all", "SELECT 100.0 * count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM payment py WHERE py.invoiceid = i.invoiceid)) / count(*) FROM invoice i WHERE " + THIS_YEAR.format(c="i.invoicedate"), False),
    ("lawfirm", "having", "clients with more than 3 matters", "SELECT c.clientname, count(*) FROM client c JOIN matter m ON m.clientid = c.clientid GROUP BY c.clientid, c.clientname HAVING count(*) > 3", False),
    ("lawfirm", "having", "timekeepers with over 60 billable hours last month", "SELECT a.firstname, a.lastname, sum(t.hoursbilled) FROM " + TE_A + " WHERE t.isbillable AND " + LAST_MONTH.format(c="t.workdate") + " GROUP BY a.attorneyid, a.firstname, a.lastname HAVING sum(t.hoursbilled) > 60", False),
    ("lawfirm", "having", "matters with more than 300 billable hours", "SELECT m.matternumber, sum(t.hoursbilled) FROM timeentry t JOIN matter m ON m.matterid = t.matterid WHERE t.isbillable GROUP BY m.matterid, m.matternumber HAVING sum(t.hoursbilled) > 300", False),
    ("lawfirm", "distinct_count", "how many clients did we invoice last month", "SELECT count(DISTINCT m.clientid) FROM invoice i JOIN matter m ON m.matterid = i.matterid WHERE " + LAST_MONTH.format(c="i.invoicedate"), False),
    ("lawfirm", "distinct_count", "how many timekeepers recorded time this week", "SELECT count(DISTINCT t.attorneyid) FROM timeentry t WHERE " + THIS_WEEK.format(c="t.workdate"), False),
    ("lawfirm", "distinct_count", "number of different courts we had hearings in last year", "SELECT count(DISTINCT cd.courtname) FROM courtdate cd WHERE " + LAST_YEAR.format(c="cd.hearingat"), False),
    ("lawfirm", "anti_join", "practice areas with no matters", "SELECT p.areaname FROM practicearea p WHERE NOT EXISTS (SELECT 1 FROM matter m WHERE m.practiceareaid = p.practiceareaid)", False),
    ("lawfirm", "anti_join", "clients who never had a matter with us", "SELECT c.clientname FROM client c WHERE NOT EXISTS (SELECT 1 FROM matter m WHERE m.clientid = c.clientid)", False),
    ("lawfirm", "anti_join", "anyone at the firm who has never recorded time", "SELECT a.firstname, a.lastname FROM attorney a WHERE NOT EXISTS (SELECT 1 FROM timeentry t WHERE t.attorneyid = a.attorneyid)", False),
    ("lawfirm", "vs_average", "attorneys whose standard rate is above the firm average", "SELECT a.firstname, a.lastname, a.standardrate FROM attorney a WHERE a.standardrate > (SELECT avg(standardrate) FROM attorney)", False),
    ("lawfirm", "vs_average", "paralegals charging more than the average paralegal rate", "SELECT a.firstname, a.lastname, a.standardrate FROM attorney a WHERE a.title = 'Paralegal' AND a.standardrate > (SELECT avg(standardrate) FROM attorney WHERE title = 'Paralegal')", False),
    ("lawfirm", "vs_average", "practice areas whose average rate is higher than the firm-wide average rate", "SELECT p.areaname, avg(a.standardrate) FROM " + ATT_P + " GROUP BY p.areaname HAVING avg(a.standardrate) > (SELECT avg(standardrate) FROM attorney)", False),
    ("lawfirm", "date_diff", "average days between invoice date and payment", "SELECT avg(py.paymentdate - i.invoicedate) FROM payment py JOIN invoice i ON i.invoiceid = py.invoiceid", False),
    ("lawfirm", "date_diff", "on average how many days were closed matters open", "SELECT avg(m.closeddate - m.openeddate) FROM matter m WHERE m.closeddate IS NOT NULL", False),
    ("lawfirm", "date_diff", "how many years has Margaret Holloway been with the firm", "SELECT date_part('year', age(a.hiredate)) FROM attorney a WHERE a.firstname = 'Margaret' AND a.lastname = 'Holloway'", False),
    ("lawfirm", "two_period", "billable hours this month vs last month", "SELECT sum(t.hoursbilled) FILTER (WHERE " + THIS_MONTH.format(c="t.workdate") + "), sum(t.hoursbilled) FILTER (WHERE " + LAST_MONTH.format(c="t.workdate") + ") FROM timeentry t WHERE t.isbillable", False),
    ("lawfirm", "two_period", "payments collected this year versus last year", "SELECT sum(py.amount) FILTER (WHERE " + THIS_YEAR.format(c="py.paymentdate") + "), sum(py.amount) FILTER (WHERE " + LAST_YEAR.format(c="py.paymentdate") + ") FROM payment py", False),
    ("lawfirm", "two_period", "new matters this quarter compared with last quarter", "SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="m.openeddate") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="m.openeddate") + ") FROM matter m", False),
    ("lawfirm", "multi_hop", "billable hours on litigation matters last month", "SELECT sum(t.hoursbilled) FROM timeentry t JOIN matter m ON m.matterid = t.matterid JOIN practicearea p ON p.practiceareaid = m.practiceareaid WHERE p.areaname = 'Litigation' AND t.isbillable AND " + LAST_MONTH.format(c="t.workdate"), False),
    ("lawfirm", "multi_hop", "how much has Northstar Aviation paid us this year", "SELECT sum(py.amount) FROM payment py JOIN invoice i ON i.invoiceid = py.invoiceid JOIN matter m ON m.matterid = i.matterid JOIN client c ON c.clientid = m.clientid WHERE c.clientname = 'Northstar Aviation LLC' AND " + THIS_YEAR.format(c="py.paymentdate"), False),
    ("lawfirm", "multi_hop", "court dates this year on matters Marcus Obi leads", "SELECT count(*) FROM courtdate cd JOIN matter m ON m.matterid = cd.matterid JOIN attorney a ON a.attorneyid = m.leadattorneyid WHERE a.firstname = 'Marcus' AND a.lastname = 'Obi' AND " + THIS_YEAR.format(c="cd.hearingat"), False),
    ("lawfirm", "multi_hop", "amount invoiced on corporate matters last quarter", "SELECT sum(i.amountbilled) FROM invoice i JOIN matter m ON m.matterid = i.matterid JOIN practicearea p ON p.practiceareaid = m.practiceareaid WHERE p.areaname = 'Corporate' AND " + LAST_QUARTER.format(c="i.invoicedate"), False),
)

QUESTIONS = TRANSIT + LAWFIRM
