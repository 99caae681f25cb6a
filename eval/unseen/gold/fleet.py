"""Questions about ``unseen_fleet`` (fleet maintenance, legacy abbreviated naming)."""

from eval.unseen.gold.periods import (
    LAST_MONTH as _LAST_MONTH,
    MONTH_BEFORE as _MONTH_BEFORE,
    LAST_YEAR as _LAST_YEAR,
    LAST_QUARTER as _LAST_QUARTER)

_COST = "w.labor_amt + w.parts_amt"
_NOT_CANCELLED = "w.wo_stat <> 'CANCELLED'"

QUESTIONS = (
    # value_filter
    ("value_filter", "electric vans at park royal",
     "SELECT v.reg_no FROM tbl_vehicle v JOIN tbl_depot d ON d.depot_id = v.depot_id "
     "WHERE d.depot_nm = 'Park Royal' AND v.veh_typ = 'VAN' AND v.fuel_typ = 'ELECTRIC'", False),
    ("value_filter", "what make and model is YN68 DKF",
     "SELECT v.make_nm, v.model_nm FROM tbl_vehicle v WHERE v.reg_no = 'YN68 DKF'", False),
    ("value_filter", "current drivers with a CE licence at the manchester depot",
     "SELECT r.first_nm, r.last_nm FROM tbl_driver r JOIN tbl_depot d ON d.depot_id = r.depot_id "
     "WHERE d.city_nm = 'Manchester' AND r.lic_cls = 'CE' AND r.term_dt IS NULL", False),
    ("value_filter", "which vehicles have we retired and when",
     "SELECT v.reg_no, v.retire_dt FROM tbl_vehicle v WHERE v.retire_dt IS NOT NULL", False),
    # count
    ("count", "how many vans do we have in birmingham",
     "SELECT count(*) FROM tbl_vehicle v JOIN tbl_depot d ON d.depot_id = v.depot_id "
     "WHERE d.city_nm = 'Birmingham' AND v.veh_typ = 'VAN' AND v.actv_flg", False),
    ("count", "how many work orders r still open",
     "SELECT count(*) FROM tbl_work_order w WHERE w.wo_stat = 'OPEN'", False),
    ("count", "how many MOTs has Capital Van Centre done for us",
     "SELECT count(*) FROM tbl_work_order w JOIN tbl_vendor n ON n.vnd_id = w.vnd_id "
     "WHERE n.vnd_nm = 'Capital Van Centre' AND w.wo_typ = 'MOT' AND w.wo_stat = 'CLOSED'", False),
    # aggregate
    ("aggregate", "what have we spent on fuel altogether",
     "SELECT sum(f.amt) FROM tbl_fuel_txn f", False),
    ("aggregate", "avg labour hours on a breakdown repair",
     f"SELECT avg(w.labor_hrs) FROM tbl_work_order w WHERE w.wo_typ = 'REPAIR' AND {_NOT_CANCELLED}", False),
    ("aggregate", "total maintenance cost for YN68 DKF",
     f"SELECT sum({_COST}) FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"WHERE v.reg_no = 'YN68 DKF' AND {_NOT_CANCELLED}", False),
    ("aggregate", "avg litres per fill up for the scanias",
     "SELECT avg(f.ltrs) FROM tbl_fuel_txn f JOIN tbl_vehicle v ON v.veh_id = f.veh_id WHERE v.make_nm = 'Scania'", False),
    # distinct_count
    ("distinct_count", "how many different vehicles has Gary Whitmore fuelled",
     "SELECT count(DISTINCT f.veh_id) FROM tbl_fuel_txn f JOIN tbl_driver r ON r.drv_id = f.drv_id "
     "WHERE r.first_nm = 'Gary' AND r.last_nm = 'Whitmore'", False),
    ("distinct_count", "how many different tyre suppliers have we used",
     "SELECT count(DISTINCT w.vnd_id) FROM tbl_work_order w WHERE w.wo_typ = 'TYRES' AND "
     + _NOT_CANCELLED, False),
    ("distinct_count", "number of makes in the active fleet",
     "SELECT count(DISTINCT v.make_nm) FROM tbl_vehicle v WHERE v.actv_flg", False),
    # group_by
    ("group_by", "maintenance spend by depot",
     f"SELECT d.depot_nm, sum({_COST}) FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"JOIN tbl_depot d ON d.depot_id = v.depot_id WHERE {_NOT_CANCELLED} GROUP BY d.depot_nm", False),
    ("group_by", "active vehicles per type",
     "SELECT v.veh_typ, count(*) FROM tbl_vehicle v WHERE v.actv_flg GROUP BY v.veh_typ", False),
    ("group_by", "fuel spend per month over the last 6 months",
     "SELECT date_trunc('month', f.txn_ts) AS month, sum(f.amt) FROM tbl_fuel_txn f "
     "WHERE f.txn_ts >= current_date - interval '6 months' GROUP BY 1 ORDER BY 1", True),
    ("group_by", "work orders by type last year",
     f"SELECT w.wo_typ, count(*) FROM tbl_work_order w WHERE {_LAST_YEAR.format(c='w.wo_dt')} GROUP BY w.wo_typ", False),
    # having
    ("having", "vehicles with more than 10 breakdown repairs",
     f"SELECT v.reg_no, count(*) FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"WHERE w.wo_typ = 'REPAIR' AND {_NOT_CANCELLED} GROUP BY v.reg_no HAVING count(*) > 10", False),
    ("having", "depots that have spent over 150k on maintenance",
     f"SELECT d.depot_nm, sum({_COST}) FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"JOIN tbl_depot d ON d.depot_id = v.depot_id WHERE {_NOT_CANCELLED} GROUP BY d.depot_nm "
     f"HAVING sum({_COST}) > 150000", False),
    ("having", "drivers who put more than 4000 litres in over the past 12 months",
     "SELECT r.first_nm, r.last_nm, sum(f.ltrs) FROM tbl_fuel_txn f JOIN tbl_driver r ON r.drv_id = f.drv_id "
     "WHERE f.txn_ts >= current_date - interval '12 months' GROUP BY r.drv_id, r.first_nm, r.last_nm "
     "HAVING sum(f.ltrs) > 4000", False),
    # join
    ("join", "who's driving YN68 DKF at the moment",
     "SELECT r.first_nm, r.last_nm FROM tbl_veh_assign a JOIN tbl_driver r ON r.drv_id = a.drv_id "
     "JOIN tbl_vehicle v ON v.veh_id = a.veh_id WHERE v.reg_no = 'YN68 DKF' AND a.end_dt IS NULL", False),
    ("join", "which depot is Aleksandra Nowak based at",
     "SELECT d.depot_nm FROM tbl_driver r JOIN tbl_depot d ON d.depot_id = r.depot_id "
     "WHERE r.first_nm = 'Aleksandra' AND r.last_nm = 'Nowak'", False),
    ("join", "vehicles at the Leeds depot with make and model",
     "SELECT v.reg_no, v.make_nm, v.model_nm FROM tbl_vehicle v JOIN tbl_depot d ON d.depot_id = v.depot_id "
     "WHERE d.city_nm = 'Leeds'", False),
    # relative_date
    ("relative_date", "fuel spend last month",
     f"SELECT sum(f.amt) FROM tbl_fuel_txn f WHERE {_LAST_MONTH.format(c='f.txn_ts')}", False),
    ("relative_date", "how many work orders were raised in the last 30 days",
     "SELECT count(*) FROM tbl_work_order w WHERE w.wo_dt >= current_date - 30", False),
    ("relative_date", "maintenance cost last quarter",
     f"SELECT sum({_COST}) FROM tbl_work_order w WHERE {_NOT_CANCELLED} AND {_LAST_QUARTER.format(c='w.wo_dt')}",
     False),
    ("relative_date", "vehicles we bought in the last 2 years",
     "SELECT v.reg_no FROM tbl_vehicle v WHERE v.purch_dt >= current_date - interval '2 years'", False),
    # ratio
    ("ratio", "what % of the fleet is electric",
     "SELECT 100.0 * count(*) FILTER (WHERE v.fuel_typ = 'ELECTRIC') / count(*) FROM tbl_vehicle v WHERE v.actv_flg",
     False),
    ("ratio", "percent of work orders done in house",
     "SELECT 100.0 * count(*) FILTER (WHERE w.vnd_id IS NULL) / count(*) FROM tbl_work_order w", False),
    ("ratio", "parts as a percentage of maintenance cost, by vehicle type",
     f"SELECT v.veh_typ, 100.0 * sum(w.parts_amt) / sum({_COST}) FROM tbl_work_order w "
     f"JOIN tbl_vehicle v ON v.veh_id = w.veh_id WHERE {_NOT_CANCELLED} GROUP BY v.veh_typ", False),
    # top_n
    ("top_n", "which 3 trucks cost us the most in repairs last year",
     f"SELECT v.reg_no, sum({_COST}) AS cost FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"WHERE v.veh_typ = 'TRUCK' AND {_NOT_CANCELLED} AND {_LAST_YEAR.format(c='w.wo_dt')} "
     "GROUP BY v.reg_no ORDER BY cost DESC LIMIT 3", True),
    ("top_n", "driver who spent the most on fuel in the past 90 days",
     "SELECT r.first_nm, r.last_nm, sum(f.amt) AS spend FROM tbl_fuel_txn f JOIN tbl_driver r ON r.drv_id = f.drv_id "
     "WHERE f.txn_ts >= current_date - 90 GROUP BY r.drv_id, r.first_nm, r.last_nm ORDER BY spend DESC LIMIT 1", True),
    ("top_n", "5 most expensive vehicles to maintain",
     f"SELECT v.reg_no, sum({_COST}) AS cost FROM tbl_work_order w JOIN tbl_vehicle v ON v.veh_id = w.veh_id "
     f"WHERE {_NOT_CANCELLED} GROUP BY v.reg_no ORDER BY cost DESC LIMIT 5", True),
    ("top_n", "which garage do we spend the most with",
     f"SELECT n.vnd_nm, sum({_COST}) AS spend FROM tbl_work_order w JOIN tbl_vendor n ON n.vnd_id = w.vnd_id "
     f"WHERE {_NOT_CANCELLED} GROUP BY n.vnd_nm ORDER BY spend DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "vehicles we've never bought fuel for",
     "SELECT v.reg_no FROM tbl_vehicle v WHERE NOT EXISTS (SELECT 1 FROM tbl_fuel_txn f WHERE f.veh_id = v.veh_id)",
     False),
    ("anti_join", "vendors we have never used",
     "SELECT n.vnd_nm FROM tbl_vendor n WHERE NOT EXISTS (SELECT 1 FROM tbl_work_order w WHERE w.vnd_id = n.vnd_id)",
     False),
    # vs_average
    ("vs_average", "vehicles costing more to maintain than the fleet average",
     f"WITH per_vehicle AS (SELECT v.reg_no, sum({_COST}) AS cost FROM tbl_work_order w "
     f"JOIN tbl_vehicle v ON v.veh_id = w.veh_id WHERE {_NOT_CANCELLED} GROUP BY v.reg_no) "
     "SELECT p.reg_no, p.cost FROM per_vehicle p WHERE p.cost > (SELECT avg(cost) FROM per_vehicle)", False),
    # date_diff
    ("date_diff", "how many days does a breakdown repair take to close on average",
     "SELECT avg(w.cls_dt - w.wo_dt) FROM tbl_work_order w WHERE w.wo_typ = 'REPAIR' AND w.wo_stat = 'CLOSED'", False),
    ("date_diff", "how old is gary whitmore",
     "SELECT extract(year FROM age(current_date, r.birth_dt)) FROM tbl_driver r "
     "WHERE r.first_nm = 'Gary' AND r.last_nm = 'Whitmore'", False),
    # share
    ("share", "what share of maintenance spend goes on tyres",
     f"SELECT 100.0 * sum({_COST}) FILTER (WHERE w.wo_typ = 'TYRES') / sum({_COST}) FROM tbl_work_order w "
     f"WHERE {_NOT_CANCELLED}", False),
    # two_period
    ("two_period", "fuel spend last month compared to the month before",
     f"SELECT sum(f.amt) FILTER (WHERE {_LAST_MONTH.format(c='f.txn_ts')}), "
     f"sum(f.amt) FILTER (WHERE {_MONTH_BEFORE.format(c='f.txn_ts')}) FROM tbl_fuel_txn f", False),
    # multi_hop
    ("multi_hop", "total fuel bought by drivers based at Avonmouth",
     "SELECT sum(f.amt) FROM tbl_fuel_txn f JOIN tbl_driver r ON r.drv_id = f.drv_id "
     "JOIN tbl_depot d ON d.depot_id = r.depot_id WHERE d.depot_nm = 'Avonmouth'", False),
    ("multi_hop", "which garages have worked on the vehicle Gary Whitmore drives now",
     "SELECT DISTINCT n.vnd_nm FROM tbl_veh_assign a JOIN tbl_driver r ON r.drv_id = a.drv_id "
     "JOIN tbl_work_order w ON w.veh_id = a.veh_id JOIN tbl_vendor n ON n.vnd_id = w.vnd_id "
     "WHERE r.first_nm = 'Gary' AND r.last_nm = 'Whitmore' AND a.end_dt IS NULL", False),
)
