"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev18/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them, in the trade's own
words ("bookings", "customers" for consignees, "lines" for carriers, "stuck in customs", "kilos",
"legs", "no-shows", "bucks", "stars"), terse fragments.
"""

from __future__ import annotations

from eval.analyst_dev.periods import (LAST_MONTH, LAST_WEEK, LAST_YEAR, MONTH_BEFORE, THIS_MONTH, THIS_WEEK, WEEK_BEFORE,
                                      YESTERDAY, period as _p)

S_C = '"SHIPMENT" s JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = s."CONSIGNEE_ID"'
L_C = '"SHIPMENT_LEG" l JOIN "CARRIER" ca ON ca."CARRIER_ID" = l."CARRIER_ID"'
IL_H = '"INVOICE_LINE" il JOIN "INVOICE_HDR" h ON h."INVOICE_ID" = il."INVOICE_ID"'

FREIGHT: tuple[tuple[str, str, str, str, bool], ...] = (
    ("freight", "value_filter", "which of our ports are in china",
     '''SELECT p."PORT_NAME" FROM "PORT" p WHERE p."COUNTRY_CD" = 'CN\'''', False),
    ("freight", "value_filter", "shipment numbers of everything stuck in customs",
     '''SELECT s."SHIPMENT_NO" FROM "SHIPMENT" s WHERE s."STATUS_CD" = 'HLD\'''', False),
    ("freight", "value_filter", "which carriers are flagged as preferred",
     '''SELECT ca."CARRIER_NAME" FROM "CARRIER" ca WHERE ca."PREFERRED_FLG" = 'Y\'''', False),
    ("freight", "value_filter", "customers based in hamburg",
     '''SELECT c."CONSIGNEE_NAME" FROM "CONSIGNEE" c WHERE c."CITY_NAME" = 'Hamburg\'''', False),
    ("freight", "value_filter", "what's the credit limit on lone star auto parts",
     '''SELECT c."CREDIT_LIMIT_AMT" FROM "CONSIGNEE" c WHERE c."CONSIGNEE_NAME" = 'Lone Star Auto Parts\'''', False),

    ("freight", "count", "how many shipments are in transit right now",
     '''SELECT count(*) FROM "SHIPMENT" s WHERE s."STATUS_CD" = 'INT\'''', False),
    ("freight", "count", "how many bookings got cancelled",
     '''SELECT count(*) FROM "SHIPMENT" s WHERE s."STATUS_CD" = 'CNX\'''', False),
    ("freight", "count", "number of invoices not paid yet",
     '''SELECT count(*) FROM "INVOICE_HDR" h WHERE h."PAID_FLG" = 'N\'''', False),
    ("freight", "count", "how many air carriers are set up in the system",
     '''SELECT count(*) FROM "CARRIER" ca WHERE ca."MODE_CD" = 'AIR\'''', False),
    ("freight", "count", "how many hazmat shipments have we booked",
     '''SELECT count(*) FROM "SHIPMENT" s WHERE s."HAZMAT_FLG" = 'Y\'''', False),

    ("freight", "aggregate", "average gross weight of a shipment in kilos",
     '''SELECT avg(s."GROSS_WT_KG") FROM "SHIPMENT" s''', False),
    ("freight", "aggregate", "total freight cost we've paid the carriers",
     '''SELECT sum(l."FREIGHT_COST_AMT") FROM "SHIPMENT_LEG" l''', False),
    ("freight", "aggregate", "total customs clearance charges we've billed",
     '''SELECT sum(il."CHARGE_AMT") FROM "INVOICE_LINE" il WHERE il."CHARGE_CD" = 'CUS\'''', False),
    ("freight", "aggregate", "avg piece count on delivered shipments",
     '''SELECT avg(s."PIECE_QTY") FROM "SHIPMENT" s WHERE s."STATUS_CD" = 'DLV\'''', False),

    ("freight", "top_n", "top 5 customers by number of shipments",
     f'''SELECT c."CONSIGNEE_NAME", count(*) AS shipments FROM {S_C} GROUP BY c."CONSIGNEE_NAME" '''
     '''ORDER BY shipments DESC LIMIT 5''', True),
    ("freight", "top_n", "which ocean line carried the most legs for us",
     f'''SELECT ca."CARRIER_NAME", count(*) AS legs FROM {L_C} WHERE ca."MODE_CD" = 'OCN' GROUP BY ca."CARRIER_NAME" '''
     '''ORDER BY legs DESC LIMIT 1''', True),
    ("freight", "top_n", "3 busiest destination ports by shipment count",
     '''SELECT p."PORT_NAME", count(*) AS shipments FROM "SHIPMENT" s JOIN "PORT" p ON p."PORT_ID" = s."DEST_PORT_ID" '''
     '''GROUP BY p."PORT_NAME" ORDER BY shipments DESC LIMIT 3''', True),
    ("freight", "top_n", "5 heaviest shipments still in transit - shipment no and kg",
     '''SELECT s."SHIPMENT_NO", s."GROSS_WT_KG" FROM "SHIPMENT" s WHERE s."STATUS_CD" = 'INT' '''
     '''ORDER BY s."GROSS_WT_KG" DESC LIMIT 5''', True),

    ("freight", "group_by", "how many shipments in each status",
     '''SELECT r."STATUS_DESC", count(*) FROM "SHIPMENT" s JOIN "STATUS_CD_REF" r ON r."STATUS_CD" = s."STATUS_CD" '''
     '''GROUP BY r."STATUS_DESC"''', False),
    ("freight", "group_by", "carrier spend by transport mode",
     f'''SELECT ca."MODE_CD", sum(l."FREIGHT_COST_AMT") FROM {L_C} GROUP BY ca."MODE_CD"''', False),
    ("freight", "group_by", "billed amount per charge code",
     '''SELECT il."CHARGE_CD", sum(il."CHARGE_AMT") FROM "INVOICE_LINE" il GROUP BY il."CHARGE_CD"''', False),
    ("freight", "group_by", "shipment count per incoterm",
     '''SELECT s."INCOTERM_CD", count(*) FROM "SHIPMENT" s GROUP BY s."INCOTERM_CD"''', False),
    ("freight", "group_by", "average shipment weight by port of origin",
     '''SELECT p."PORT_NAME", avg(s."GROSS_WT_KG") FROM "SHIPMENT" s JOIN "PORT" p ON p."PORT_ID" = s."ORIGIN_PORT_ID" '''
     '''GROUP BY p."PORT_NAME"''', False),

    ("freight", "join", "shipment numbers for van dijk bikes",
     f'''SELECT s."SHIPMENT_NO" FROM {S_C} WHERE c."CONSIGNEE_NAME" = 'Van Dijk Bikes\'''', False),
    ("freight", "join", "which customers ship into savannah",
     '''SELECT DISTINCT c."CONSIGNEE_NAME" FROM "SHIPMENT" s JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = s."CONSIGNEE_ID" '''
     '''JOIN "PORT" p ON p."PORT_ID" = s."DEST_PORT_ID" WHERE p."PORT_NAME" = 'Savannah\'''', False),
    ("freight", "join", "carriers on shipment FF240100",
     '''SELECT ca."CARRIER_NAME" FROM "SHIPMENT_LEG" l JOIN "CARRIER" ca ON ca."CARRIER_ID" = l."CARRIER_ID" '''
     '''JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = l."SHIPMENT_ID" WHERE s."SHIPMENT_NO" = 'FF240100\'''', False),
    ("freight", "join", "open invoice numbers for lone star auto parts",
     '''SELECT h."INVOICE_NO" FROM "INVOICE_HDR" h JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = h."CONSIGNEE_ID" '''
     '''WHERE c."CONSIGNEE_NAME" = 'Lone Star Auto Parts' AND h."PAID_FLG" = 'N\'''', False),
    ("freight", "join", "total kilos booked out of busan",
     '''SELECT sum(s."GROSS_WT_KG") FROM "SHIPMENT" s JOIN "PORT" p ON p."PORT_ID" = s."ORIGIN_PORT_ID" '''
     '''WHERE p."PORT_NAME" = 'Busan\'''', False),

    ("freight", "multi_hop", "total carrier cost on sunrise electronics shipments",
     '''SELECT sum(l."FREIGHT_COST_AMT") FROM "SHIPMENT_LEG" l JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = l."SHIPMENT_ID" '''
     '''JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = s."CONSIGNEE_ID" WHERE c."CONSIGNEE_NAME" = 'Sunrise Electronics\'''', False),
    ("freight", "multi_hop", "which customers have had freight moved by evergreen",
     '''SELECT DISTINCT c."CONSIGNEE_NAME" FROM "SHIPMENT_LEG" l JOIN "CARRIER" ca ON ca."CARRIER_ID" = l."CARRIER_ID" '''
     '''JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = l."SHIPMENT_ID" JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = s."CONSIGNEE_ID" '''
     '''WHERE ca."CARRIER_NAME" = 'Evergreen\'''', False),
    ("freight", "multi_hop", "how much have we billed on shipments going to rotterdam",
     f'''SELECT sum(il."CHARGE_AMT") FROM {IL_H} JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = h."SHIPMENT_ID" '''
     '''JOIN "PORT" p ON p."PORT_ID" = s."DEST_PORT_ID" WHERE p."PORT_NAME" = 'Rotterdam\'''', False),
    ("freight", "multi_hop", "how many shipments out of shanghai went with maersk",
     '''SELECT count(DISTINCT s."SHIPMENT_ID") FROM "SHIPMENT_LEG" l JOIN "CARRIER" ca ON ca."CARRIER_ID" = l."CARRIER_ID" '''
     '''JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = l."SHIPMENT_ID" JOIN "PORT" p ON p."PORT_ID" = s."ORIGIN_PORT_ID" '''
     '''WHERE ca."CARRIER_NAME" = 'Maersk' AND p."PORT_NAME" = 'Shanghai\'''', False),

    ("freight", "relative_date", "how many shipments did we book this week",
     f'''SELECT count(*) FROM "SHIPMENT" s WHERE {_p(THIS_WEEK, 's."BOOKED_DT"')}''', False),
    ("freight", "relative_date", "shipment numbers booked yesterday",
     f'''SELECT s."SHIPMENT_NO" FROM "SHIPMENT" s WHERE {_p(YESTERDAY, 's."BOOKED_DT"')}''', False),
    ("freight", "relative_date", "total invoiced last month",
     f'''SELECT sum(il."CHARGE_AMT") FROM {IL_H} WHERE {_p(LAST_MONTH, 'h."INVOICE_DT"')}''', False),
    ("freight", "relative_date", "how many shipments actually arrived last week",
     f'''SELECT count(*) FROM "SHIPMENT" s WHERE {_p(LAST_WEEK, 's."ATA_DT"')}''', False),
    ("freight", "relative_date", "how many invoices got paid last year",
     f'''SELECT count(*) FROM "INVOICE_HDR" h WHERE {_p(LAST_YEAR, 'h."PAID_DT"')}''', False),

    ("freight", "ratio", "of the shipments that have arrived, what % came in after their ETA",
     '''SELECT 100.0 * count(*) FILTER (WHERE s."ATA_DT" > s."ETA_DT") / count(*) FROM "SHIPMENT" s '''
     '''WHERE s."ATA_DT" IS NOT NULL''', False),
    ("freight", "ratio", "percentage of shipments that are hazmat",
     '''SELECT 100.0 * count(*) FILTER (WHERE s."HAZMAT_FLG" = 'Y') / count(*) FROM "SHIPMENT" s''', False),
    ("freight", "ratio", "what percent of invoices have been paid",
     '''SELECT 100.0 * count(*) FILTER (WHERE h."PAID_FLG" = 'Y') / count(*) FROM "INVOICE_HDR" h''', False),
    ("freight", "ratio", "share of carrier spend going to air carriers, in percent",
     f'''SELECT 100.0 * sum(l."FREIGHT_COST_AMT") FILTER (WHERE ca."MODE_CD" = 'AIR') / sum(l."FREIGHT_COST_AMT") '''
     f'''FROM {L_C}''', False),

    ("freight", "having", "customers with more than 100 shipments",
     f'''SELECT c."CONSIGNEE_NAME", count(*) FROM {S_C} GROUP BY c."CONSIGNEE_NAME" HAVING count(*) > 100''', False),
    ("freight", "having", "carriers we've paid more than half a million",
     f'''SELECT ca."CARRIER_NAME", sum(l."FREIGHT_COST_AMT") FROM {L_C} GROUP BY ca."CARRIER_NAME" '''
     '''HAVING sum(l."FREIGHT_COST_AMT") > 500000''', False),
    ("freight", "having", "origin ports with over 300 shipments",
     '''SELECT p."PORT_NAME", count(*) FROM "SHIPMENT" s JOIN "PORT" p ON p."PORT_ID" = s."ORIGIN_PORT_ID" '''
     '''GROUP BY p."PORT_NAME" HAVING count(*) > 300''', False),

    ("freight", "distinct_count", "how many different customers have we shipped for",
     '''SELECT count(DISTINCT s."CONSIGNEE_ID") FROM "SHIPMENT" s''', False),
    ("freight", "distinct_count", "how many distinct destination ports have we used",
     '''SELECT count(DISTINCT s."DEST_PORT_ID") FROM "SHIPMENT" s''', False),
    ("freight", "distinct_count", "how many different carriers has pacific home goods used",
     '''SELECT count(DISTINCT l."CARRIER_ID") FROM "SHIPMENT_LEG" l JOIN "SHIPMENT" s ON s."SHIPMENT_ID" = l."SHIPMENT_ID" '''
     '''JOIN "CONSIGNEE" c ON c."CONSIGNEE_ID" = s."CONSIGNEE_ID" WHERE c."CONSIGNEE_NAME" = 'Pacific Home Goods\'''', False),

    ("freight", "anti_join", "customers who have never shipped anything with us",
     '''SELECT c."CONSIGNEE_NAME" FROM "CONSIGNEE" c WHERE NOT EXISTS '''
     '''(SELECT 1 FROM "SHIPMENT" s WHERE s."CONSIGNEE_ID" = c."CONSIGNEE_ID")''', False),
    ("freight", "anti_join", "carriers that have never been used on a leg",
     '''SELECT ca."CARRIER_NAME" FROM "CARRIER" ca WHERE NOT EXISTS '''
     '''(SELECT 1 FROM "SHIPMENT_LEG" l WHERE l."CARRIER_ID" = ca."CARRIER_ID")''', False),
    ("freight", "anti_join", "ports no shipment has ever started or ended at",
     '''SELECT p."PORT_NAME" FROM "PORT" p WHERE NOT EXISTS (SELECT 1 FROM "SHIPMENT" s '''
     '''WHERE s."ORIGIN_PORT_ID" = p."PORT_ID" OR s."DEST_PORT_ID" = p."PORT_ID")''', False),

    ("freight", "vs_average", "customers whose average shipment is heavier than the overall average",
     f'''SELECT c."CONSIGNEE_NAME" FROM {S_C} GROUP BY c."CONSIGNEE_NAME" '''
     '''HAVING avg(s."GROSS_WT_KG") > (SELECT avg(s2."GROSS_WT_KG") FROM "SHIPMENT" s2)''', False),
    ("freight", "vs_average", "carriers whose average leg costs more than the average leg",
     f'''SELECT ca."CARRIER_NAME" FROM {L_C} GROUP BY ca."CARRIER_NAME" '''
     '''HAVING avg(l."FREIGHT_COST_AMT") > (SELECT avg(l2."FREIGHT_COST_AMT") FROM "SHIPMENT_LEG" l2)''', False),

    ("freight", "date_diff", "for shipments that arrived late, how many days late on average",
     '''SELECT avg(s."ATA_DT" - s."ETA_DT") FROM "SHIPMENT" s WHERE s."ATA_DT" > s."ETA_DT"''', False),
    ("freight", "date_diff", "average days from booking to actual arrival",
     '''SELECT avg(s."ATA_DT" - s."BOOKED_DT") FROM "SHIPMENT" s WHERE s."ATA_DT" IS NOT NULL''', False),
    ("freight", "date_diff", "unpaid invoices past their due date and how many days overdue each is",
     '''SELECT h."INVOICE_NO", current_date - h."DUE_DT" FROM "INVOICE_HDR" h '''
     '''WHERE h."PAID_FLG" = 'N' AND h."DUE_DT" < current_date''', False),
    ("freight", "date_diff", "longest a customer ever took to pay an invoice, in days",
     '''SELECT max(h."PAID_DT" - h."INVOICE_DT") FROM "INVOICE_HDR" h''', False),

    ("freight", "two_period", "bookings this month vs last month",
     f'''SELECT count(*) FILTER (WHERE {_p(THIS_MONTH, 's."BOOKED_DT"')}), '''
     f'''count(*) FILTER (WHERE {_p(LAST_MONTH, 's."BOOKED_DT"')}) FROM "SHIPMENT" s''', False),
    ("freight", "two_period", "carrier spend on legs departing last month compared to the month before",
     f'''SELECT sum(l."FREIGHT_COST_AMT") FILTER (WHERE {_p(LAST_MONTH, 'l."DEPART_DT"')}), '''
     f'''sum(l."FREIGHT_COST_AMT") FILTER (WHERE {_p(MONTH_BEFORE, 'l."DEPART_DT"')}) FROM "SHIPMENT_LEG" l''', False),
    ("freight", "two_period", "shipments booked last week versus the week before",
     f'''SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, 's."BOOKED_DT"')}), '''
     f'''count(*) FILTER (WHERE {_p(WEEK_BEFORE, 's."BOOKED_DT"')}) FROM "SHIPMENT" s''', False),
)

T_U = "accounts_tutor t JOIN auth_user u ON u.id = t.user_id"
L_T_U = f"scheduling_lesson l JOIN {T_U} ON t.id = l.tutor_id"
ST_U = "accounts_student st JOIN auth_user su ON su.id = st.user_id"
R_L = "reviews_review r JOIN scheduling_lesson l ON l.id = r.lesson_id"

TUTORING: tuple[tuple[str, str, str, str, bool], ...] = (
    ("tutoring", "value_filter", "which subjects are test prep",
     "SELECT s.name FROM catalog_subject s WHERE s.level = 'test_prep'", False),
    ("tutoring", "value_filter", "tutors based in evanston",
     f"SELECT u.first_name, u.last_name FROM {T_U} WHERE t.city = 'Evanston'", False),
    ("tutoring", "value_filter", "emails of the tutors who aren't verified yet",
     f"SELECT u.email FROM {T_U} WHERE NOT t.is_verified", False),
    ("tutoring", "value_filter", "tutors charging more than 80 bucks an hour",
     f"SELECT u.first_name, u.last_name FROM {T_U} WHERE t.hourly_rate_cents > 8000", False),

    ("tutoring", "count", "how many tutors are verified",
     "SELECT count(*) FROM accounts_tutor t WHERE t.is_verified", False),
    ("tutoring", "count", "how many no-shows have we had",
     "SELECT count(*) FROM scheduling_lesson l WHERE l.status = 'no_show'", False),
    ("tutoring", "count", "how many lessons were held in person",
     "SELECT count(*) FROM scheduling_lesson l WHERE l.metadata->>'platform' = 'in_person'", False),
    ("tutoring", "count", "how many students are adult learners",
     "SELECT count(*) FROM accounts_student st WHERE st.grade_level IS NULL", False),
    ("tutoring", "count", "number of lessons booked with the REFER25 promo code",
     "SELECT count(*) FROM scheduling_lesson l WHERE l.metadata->>'promo_code' = 'REFER25'", False),

    ("tutoring", "aggregate", "average lesson length in minutes",
     "SELECT avg(l.duration_minutes) FROM scheduling_lesson l", False),
    ("tutoring", "aggregate", "average star rating across all reviews",
     "SELECT avg(r.rating) FROM reviews_review r", False),
    ("tutoring", "aggregate", "total paid out to tutors, in dollars",
     "SELECT sum(p.amount_cents) / 100.0 FROM billing_payout p", False),
    ("tutoring", "aggregate", "what's the average tutor hourly rate in dollars",
     "SELECT avg(t.hourly_rate_cents) / 100.0 FROM accounts_tutor t", False),
    ("tutoring", "aggregate", "biggest single invoice in dollars",
     "SELECT max(i.amount_cents) / 100.0 FROM billing_invoice i", False),

    ("tutoring", "top_n", "top 5 tutors by completed lessons",
     f"SELECT u.first_name, u.last_name, count(*) AS lessons FROM {L_T_U} WHERE l.status = 'completed' "
     "GROUP BY t.id, u.first_name, u.last_name ORDER BY lessons DESC LIMIT 5", True),
    ("tutoring", "top_n", "which subject gets booked the most",
     "SELECT s.name, count(*) AS lessons FROM scheduling_lesson l JOIN catalog_subject s ON s.id = l.subject_id "
     "GROUP BY s.name ORDER BY lessons DESC LIMIT 1", True),
    ("tutoring", "top_n", "3 highest rated tutors by average stars",
     f"SELECT u.first_name, u.last_name, avg(r.rating) AS stars FROM {R_L} JOIN {T_U} ON t.id = l.tutor_id "
     "GROUP BY t.id, u.first_name, u.last_name ORDER BY stars DESC LIMIT 3", True),
    ("tutoring", "top_n", "top 3 students by dollars invoiced",
     f"SELECT su.first_name, su.last_name, sum(i.amount_cents) / 100.0 AS dollars FROM billing_invoice i "
     f"JOIN {ST_U} ON st.id = i.student_id GROUP BY st.id, su.first_name, su.last_name ORDER BY dollars DESC LIMIT 3", True),
    ("tutoring", "top_n", "tutor with the biggest total payouts",
     f"SELECT u.first_name, u.last_name, sum(p.amount_cents) / 100.0 AS paid FROM billing_payout p JOIN {T_U} ON t.id = p.tutor_id "
     "GROUP BY t.id, u.first_name, u.last_name ORDER BY paid DESC LIMIT 1", True),

    ("tutoring", "group_by", "lessons by status",
     "SELECT l.status, count(*) FROM scheduling_lesson l GROUP BY l.status", False),
    ("tutoring", "group_by", "number of lessons per platform",
     "SELECT l.metadata->>'platform', count(*) FROM scheduling_lesson l GROUP BY 1", False),
    ("tutoring", "group_by", "avg rating per subject",
     f"SELECT s.name, avg(r.rating) FROM {R_L} JOIN catalog_subject s ON s.id = l.subject_id GROUP BY s.name", False),
    ("tutoring", "group_by", "payout dollars by payout method",
     "SELECT p.method, sum(p.amount_cents) / 100.0 FROM billing_payout p GROUP BY p.method", False),
    ("tutoring", "group_by", "how many lessons came in through each booking channel",
     "SELECT l.metadata->>'booked_via', count(*) FROM scheduling_lesson l GROUP BY 1", False),

    ("tutoring", "join", "emails of students who no-showed at least once",
     f"SELECT DISTINCT su.email FROM scheduling_lesson l JOIN {ST_U} ON st.id = l.student_id WHERE l.status = 'no_show'",
     False),
    ("tutoring", "join", "what subjects does betty anderson teach",
     "SELECT s.name FROM accounts_tutor_subjects ts JOIN catalog_subject s ON s.id = ts.subject_id "
     f"JOIN {T_U} ON t.id = ts.tutor_id WHERE u.first_name = 'Betty' AND u.last_name = 'Anderson'", False),
    ("tutoring", "join", "total invoiced for chemistry lessons in dollars",
     "SELECT sum(i.amount_cents) / 100.0 FROM billing_invoice i JOIN scheduling_lesson l ON l.id = i.lesson_id "
     "JOIN catalog_subject s ON s.id = l.subject_id WHERE s.name = 'Chemistry'", False),
    ("tutoring", "join", "how many completed lessons has kevin okafor taught",
     f"SELECT count(*) FROM {L_T_U} WHERE u.first_name = 'Kevin' AND u.last_name = 'Okafor' AND l.status = 'completed'",
     False),

    ("tutoring", "multi_hop", "which tutors teach sat prep",
     f"SELECT u.first_name, u.last_name FROM accounts_tutor_subjects ts JOIN catalog_subject s ON s.id = ts.subject_id "
     f"JOIN {T_U} ON t.id = ts.tutor_id WHERE s.name = 'SAT Prep'", False),
    ("tutoring", "multi_hop", "average rating on lessons with unverified tutors",
     f"SELECT avg(r.rating) FROM {R_L} JOIN accounts_tutor t ON t.id = l.tutor_id WHERE NOT t.is_verified", False),
    ("tutoring", "multi_hop", "students who have had a lesson with nancy lee",
     f"SELECT DISTINCT su.first_name, su.last_name FROM {L_T_U} JOIN {ST_U} ON st.id = l.student_id "
     "WHERE u.first_name = 'Nancy' AND u.last_name = 'Lee'", False),
    ("tutoring", "multi_hop", "total dollars invoiced to 12th graders",
     "SELECT sum(i.amount_cents) / 100.0 FROM billing_invoice i JOIN accounts_student st ON st.id = i.student_id "
     "WHERE st.grade_level = 12", False),

    ("tutoring", "relative_date", "how many lessons were scheduled for yesterday",
     f"SELECT count(*) FROM scheduling_lesson l WHERE {_p(YESTERDAY, 'l.starts_at')}", False),
    ("tutoring", "relative_date", "dollars invoiced last month",
     f"SELECT sum(i.amount_cents) / 100.0 FROM billing_invoice i WHERE {_p(LAST_MONTH, 'i.issued_at')}", False),
    ("tutoring", "relative_date", "how many students signed up last year",
     f"SELECT count(*) FROM accounts_student st WHERE {_p(LAST_YEAR, 'st.created')}", False),
    ("tutoring", "relative_date", "completed lessons last week",
     f"SELECT count(*) FROM scheduling_lesson l WHERE l.status = 'completed' AND {_p(LAST_WEEK, 'l.starts_at')}", False),
    ("tutoring", "relative_date", "average stars on reviews left last month",
     f"SELECT avg(r.rating) FROM reviews_review r WHERE {_p(LAST_MONTH, 'r.created')}", False),

    ("tutoring", "ratio", "what % of lessons were no-shows",
     "SELECT 100.0 * count(*) FILTER (WHERE l.status = 'no_show') / count(*) FROM scheduling_lesson l", False),
    ("tutoring", "ratio", "percent of tutors who are verified",
     "SELECT 100.0 * count(*) FILTER (WHERE t.is_verified) / count(*) FROM accounts_tutor t", False),
    ("tutoring", "ratio", "share of lessons booked from the ios app, in percent",
     "SELECT 100.0 * count(*) FILTER (WHERE l.metadata->>'booked_via' = 'ios') / count(*) FROM scheduling_lesson l", False),
    ("tutoring", "ratio", "what percentage of invoices are still unpaid",
     "SELECT 100.0 * count(*) FILTER (WHERE i.paid_at IS NULL) / count(*) FROM billing_invoice i", False),

    ("tutoring", "having", "tutors with more than 150 completed lessons",
     f"SELECT u.first_name, u.last_name, count(*) FROM {L_T_U} WHERE l.status = 'completed' "
     "GROUP BY t.id, u.first_name, u.last_name HAVING count(*) > 150", False),
    ("tutoring", "having", "subjects averaging under 4 stars",
     f"SELECT s.name, avg(r.rating) FROM {R_L} JOIN catalog_subject s ON s.id = l.subject_id GROUP BY s.name "
     "HAVING avg(r.rating) < 4", False),
    ("tutoring", "having", "platforms with more than 500 lessons",
     "SELECT l.metadata->>'platform', count(*) FROM scheduling_lesson l GROUP BY 1 HAVING count(*) > 500", False),

    ("tutoring", "distinct_count", "how many different students have booked a lesson",
     "SELECT count(DISTINCT l.student_id) FROM scheduling_lesson l", False),
    ("tutoring", "distinct_count", "how many different subjects were taught last month",
     f"SELECT count(DISTINCT l.subject_id) FROM scheduling_lesson l WHERE l.status = 'completed' "
     f"AND {_p(LAST_MONTH, 'l.starts_at')}", False),
    ("tutoring", "distinct_count", "how many tutors have at least one review",
     f"SELECT count(DISTINCT l.tutor_id) FROM {R_L}", False),

    ("tutoring", "anti_join", "tutors who have never had a lesson booked",
     f"SELECT u.first_name, u.last_name FROM {T_U} WHERE NOT EXISTS "
     "(SELECT 1 FROM scheduling_lesson l WHERE l.tutor_id = t.id)", False),
    ("tutoring", "anti_join", "students who never booked anything",
     f"SELECT su.first_name, su.last_name FROM {ST_U} WHERE NOT EXISTS "
     "(SELECT 1 FROM scheduling_lesson l WHERE l.student_id = st.id)", False),
    ("tutoring", "anti_join", "subjects no tutor teaches",
     "SELECT s.name FROM catalog_subject s WHERE NOT EXISTS "
     "(SELECT 1 FROM accounts_tutor_subjects ts WHERE ts.subject_id = s.id)", False),
    ("tutoring", "anti_join", "subjects that have never had a lesson",
     "SELECT s.name FROM catalog_subject s WHERE NOT EXISTS "
     "(SELECT 1 FROM scheduling_lesson l WHERE l.subject_id = s.id)", False),

    ("tutoring", "vs_average", "tutors who charge more than the average hourly rate",
     f"SELECT u.first_name, u.last_name FROM {T_U} "
     "WHERE t.hourly_rate_cents > (SELECT avg(t2.hourly_rate_cents) FROM accounts_tutor t2)", False),
    ("tutoring", "vs_average", "tutors rated above the site-wide average rating",
     f"SELECT u.first_name, u.last_name FROM {R_L} JOIN {T_U} ON t.id = l.tutor_id GROUP BY t.id, u.first_name, "
     "u.last_name HAVING avg(r.rating) > (SELECT avg(r2.rating) FROM reviews_review r2)", False),

    ("tutoring", "date_diff", "average hours between an invoice going out and getting paid",
     "SELECT avg(extract(epoch FROM i.paid_at - i.issued_at) / 3600) FROM billing_invoice i WHERE i.paid_at IS NOT NULL",
     False),
    ("tutoring", "date_diff", "for each unverified tutor, how many days since they joined",
     f"SELECT u.first_name, u.last_name, current_date - t.created::date FROM {T_U} WHERE NOT t.is_verified", False),
    ("tutoring", "date_diff", "average days between the end of a pay period and the payout date",
     "SELECT avg(p.paid_on - p.period_end) FROM billing_payout p", False),

    ("tutoring", "two_period", "completed lessons last month vs the month before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_MONTH, 'l.starts_at')}), "
     f"count(*) FILTER (WHERE {_p(MONTH_BEFORE, 'l.starts_at')}) FROM scheduling_lesson l WHERE l.status = 'completed'",
     False),
    ("tutoring", "two_period", "dollars invoiced last week versus the week before",
     f"SELECT sum(i.amount_cents) FILTER (WHERE {_p(LAST_WEEK, 'i.issued_at')}) / 100.0, "
     f"sum(i.amount_cents) FILTER (WHERE {_p(WEEK_BEFORE, 'i.issued_at')}) / 100.0 FROM billing_invoice i", False),
    ("tutoring", "two_period", "payouts last month compared with the month before, in dollars",
     f"SELECT sum(p.amount_cents) FILTER (WHERE {_p(LAST_MONTH, 'p.paid_on')}) / 100.0, "
     f"sum(p.amount_cents) FILTER (WHERE {_p(MONTH_BEFORE, 'p.paid_on')}) / 100.0 FROM billing_payout p", False),
)

QUESTIONS = FREIGHT + TUTORING
