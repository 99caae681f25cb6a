"""Questions about ``unseen_vet`` (veterinary clinics), written before any model saw the schema."""

from eval.unseen.gold.periods import LAST_MONTH as _LAST_MONTH

_REVENUE = "FROM invoices i JOIN appointments a ON a.appointment_id = i.appointment_id"

QUESTIONS = (
    # value_filter
    ("value_filter", "list the vets at riverside",
     "SELECT v.first_name, v.last_name FROM vets v JOIN clinics c ON c.clinic_id = v.clinic_id "
     "WHERE c.name = 'Riverside Animal Hospital'", False),
    ("value_filter", "which of our clinics are in Austin",
     "SELECT c.name FROM clinics c WHERE c.city = 'Austin'", False),
    ("value_filter", "what breed is Biscuit",
     "SELECT p.breed FROM pets p WHERE p.name = 'Biscuit'", False),
    ("value_filter", "board certified surgeons still on staff",
     "SELECT v.first_name, v.last_name FROM vets v WHERE v.specialty = 'surgery' AND v.is_board_certified "
     "AND v.left_on IS NULL", False),
    ("value_filter", "treatments over $500",
     "SELECT t.name, t.list_price FROM treatments t WHERE t.list_price > 500", False),
    # count
    ("count", "how many cats do we have on file",
     "SELECT count(*) FROM pets p WHERE p.species = 'cat'", False),
    ("count", "no-shows at cedar park, how many?",
     "SELECT count(*) FROM appointments a JOIN clinics c ON c.clinic_id = a.clinic_id "
     "WHERE c.name = 'Cedar Park Animal Clinic' AND a.status = 'no-show'", False),
    ("count", "number of unpaid invoices",
     "SELECT count(*) FROM invoices i WHERE i.paid_on IS NULL", False),
    ("count", "how many dogs are microchiped",
     "SELECT count(*) FROM pets p WHERE p.species = 'dog' AND p.microchip_no IS NOT NULL", False),
    # aggregate
    ("aggregate", "average weight of the labs we treat",
     "SELECT avg(p.weight_kg) FROM pets p WHERE p.breed = 'Labrador Retriever'", False),
    ("aggregate", "total billed at Harbor View",
     f"SELECT sum(i.amount) {_REVENUE} JOIN clinics c ON c.clinic_id = a.clinic_id "
     "WHERE c.name = 'Harbor View Pet Care'", False),
    ("aggregate", "avg surgery length in minutes",
     "SELECT avg(a.duration_min) FROM appointments a WHERE a.reason = 'surgery'", False),
    ("aggregate", "how much have we been paid through pet insurance",
     "SELECT sum(i.amount) FROM invoices i WHERE i.payment_method = 'pet insurance'", False),
    # distinct_count
    ("distinct_count", "how many different dog breeds do we see",
     "SELECT count(DISTINCT p.breed) FROM pets p WHERE p.species = 'dog'", False),
    ("distinct_count", "how many different pets has dr okafor treated",
     "SELECT count(DISTINCT a.pet_id) FROM appointments a JOIN vets v ON v.vet_id = a.vet_id "
     "WHERE v.last_name = 'Okafor' AND a.status = 'completed'", False),
    ("distinct_count", "how many cities do our clients live in",
     "SELECT count(DISTINCT o.city) FROM owners o", False),
    # group_by
    ("group_by", "how many pets did each vet see",
     "SELECT v.first_name, v.last_name, count(DISTINCT a.pet_id) FROM appointments a "
     "JOIN vets v ON v.vet_id = a.vet_id WHERE a.status = 'completed' "
     "GROUP BY v.vet_id, v.first_name, v.last_name", False),
    ("group_by", "appointments by reason",
     "SELECT a.reason, count(*) FROM appointments a GROUP BY a.reason", False),
    ("group_by", "revenue per clinic",
     f"SELECT c.name, sum(i.amount) {_REVENUE} JOIN clinics c ON c.clinic_id = a.clinic_id GROUP BY c.name", False),
    ("group_by", "monthly revenue over the past 12 months",
     "SELECT date_trunc('month', i.issued_on) AS month, sum(i.amount) FROM invoices i "
     "WHERE i.issued_on >= current_date - interval '12 months' GROUP BY 1 ORDER BY 1", True),
    # having
    ("having", "owners with more than 3 pets",
     "SELECT o.first_name, o.last_name, count(*) FROM owners o JOIN pets p ON p.owner_id = o.owner_id "
     "GROUP BY o.owner_id, o.first_name, o.last_name HAVING count(*) > 3", False),
    ("having", "which treatments have we billed more than 100k for",
     "SELECT t.name, sum(x.quantity * x.unit_price) FROM appointment_treatments x "
     "JOIN treatments t ON t.treatment_id = x.treatment_id GROUP BY t.name "
     "HAVING sum(x.quantity * x.unit_price) > 100000", False),
    ("having", "breeds averaging over 20kg",
     "SELECT p.breed, avg(p.weight_kg) FROM pets p GROUP BY p.breed HAVING avg(p.weight_kg) > 20", False),
    # join
    ("join", "pets owned by Margaret Holloway",
     "SELECT p.name FROM pets p JOIN owners o ON o.owner_id = p.owner_id "
     "WHERE o.first_name = 'Margaret' AND o.last_name = 'Holloway'", False),
    ("join", "which clinic does dr lindgren work at",
     "SELECT c.name FROM vets v JOIN clinics c ON c.clinic_id = v.clinic_id WHERE v.last_name = 'Lindgren'", False),
    ("join", "who owns biscuit",
     "SELECT o.first_name, o.last_name FROM pets p JOIN owners o ON o.owner_id = p.owner_id "
     "WHERE p.name = 'Biscuit'", False),
    ("join", "specialty of each vet at Oak Hill",
     "SELECT v.first_name, v.last_name, v.specialty FROM vets v JOIN clinics c ON c.clinic_id = v.clinic_id "
     "WHERE c.name = 'Oak Hill Veterinary Clinic'", False),
    # relative_date
    ("relative_date", "scheduled appointments in the next 7 days",
     "SELECT count(*) FROM appointments a WHERE a.status = 'scheduled' AND a.starts_at >= current_date "
     "AND a.starts_at < current_date + 7", False),
    ("relative_date", "revenue last month",
     f"SELECT sum(i.amount) FROM invoices i WHERE {_LAST_MONTH.format(c='i.issued_on')}", False),
    ("relative_date", "how many new clients signed up in the past 90 days",
     "SELECT count(*) FROM owners o WHERE o.registered_on >= current_date - 90", False),
    ("relative_date", "how many appointments did we have last week",
     "SELECT count(*) FROM appointments a WHERE a.starts_at >= date_trunc('week', current_date) - interval '1 week' "
     "AND a.starts_at < date_trunc('week', current_date)", False),
    # ratio
    ("ratio", "no-show rate by clinic",
     "SELECT c.name, 100.0 * count(*) FILTER (WHERE a.status = 'no-show') / count(*) FROM appointments a "
     "JOIN clinics c ON c.clinic_id = a.clinic_id WHERE a.starts_at < current_date GROUP BY c.name", False),
    ("ratio", "what % of our patients are cats",
     "SELECT 100.0 * count(*) FILTER (WHERE p.species = 'cat') / count(*) FROM pets p", False),
    ("ratio", "cancellation rate last quarter",
     "SELECT 100.0 * count(*) FILTER (WHERE a.status = 'cancelled') / count(*) FROM appointments a "
     "WHERE a.starts_at >= date_trunc('quarter', current_date) - interval '3 months' "
     "AND a.starts_at < date_trunc('quarter', current_date)", False),
    # top_n
    ("top_n", "which vet brought in the most revenue last year",
     f"SELECT v.first_name, v.last_name, sum(i.amount) AS revenue {_REVENUE} JOIN vets v ON v.vet_id = a.vet_id "
     "WHERE i.issued_on >= date_trunc('year', current_date) - interval '1 year' "
     "AND i.issued_on < date_trunc('year', current_date) "
     "GROUP BY v.vet_id, v.first_name, v.last_name ORDER BY revenue DESC LIMIT 1", True),
    ("top_n", "top 3 treatments by revenue",
     "SELECT t.name, sum(x.quantity * x.unit_price) AS revenue FROM appointment_treatments x "
     "JOIN treatments t ON t.treatment_id = x.treatment_id GROUP BY t.name ORDER BY revenue DESC LIMIT 3", True),
    ("top_n", "which pet comes in the most",
     "SELECT p.name, count(*) AS visits FROM appointments a JOIN pets p ON p.pet_id = a.pet_id "
     "WHERE a.status = 'completed' GROUP BY p.pet_id, p.name ORDER BY visits DESC LIMIT 1", True),
    ("top_n", "busiest clinic in the last 90 days",
     "SELECT c.name, count(*) AS appointments FROM appointments a JOIN clinics c ON c.clinic_id = a.clinic_id "
     "WHERE a.starts_at >= current_date - 90 AND a.starts_at < current_date "
     "GROUP BY c.name ORDER BY appointments DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "clients who have never brought a pet in",
     "SELECT o.first_name, o.last_name FROM owners o WHERE NOT EXISTS (SELECT 1 FROM pets p "
     "JOIN appointments a ON a.pet_id = p.pet_id WHERE p.owner_id = o.owner_id AND a.status = 'completed')", False),
    ("anti_join", "vets that have never done a dental cleaning",
     "SELECT v.first_name, v.last_name FROM vets v WHERE NOT EXISTS (SELECT 1 FROM appointments a "
     "WHERE a.vet_id = v.vet_id AND a.reason = 'dental cleaning' AND a.status = 'completed')", False),
    # vs_average
    ("vs_average", "which clinics have a higher average bill than the overall average",
     f"SELECT c.name, avg(i.amount) {_REVENUE} JOIN clinics c ON c.clinic_id = a.clinic_id GROUP BY c.name "
     "HAVING avg(i.amount) > (SELECT avg(i2.amount) FROM invoices i2)", False),
    # date_diff
    ("date_diff", "how many days do clients take to pay on average",
     "SELECT avg(i.paid_on - i.issued_on) FROM invoices i WHERE i.paid_on IS NOT NULL", False),
    ("date_diff", "how old is Biscuit",
     "SELECT extract(year FROM age(current_date, p.birth_date)) FROM pets p WHERE p.name = 'Biscuit'", False),
    # share
    ("share", "what share of revenue comes from surgeries",
     f"SELECT 100.0 * sum(i.amount) FILTER (WHERE a.reason = 'surgery') / sum(i.amount) {_REVENUE}", False),
    ("share", "each species' share of our patients",
     "SELECT p.species, 100.0 * count(*) / sum(count(*)) OVER () FROM pets p GROUP BY p.species", False),
    # two_period
    ("two_period", "appointments last month vs the month before",
     "SELECT count(*) FILTER (WHERE " + _LAST_MONTH.format(c="a.starts_at") + "), "
     "count(*) FILTER (WHERE a.starts_at >= date_trunc('month', current_date) - interval '2 months' "
     "AND a.starts_at < date_trunc('month', current_date) - interval '1 month') FROM appointments a", False),
    # multi_hop
    ("multi_hop", "what was Biscuit treated with on his last visit",
     "SELECT t.name FROM appointment_treatments x JOIN treatments t ON t.treatment_id = x.treatment_id "
     "WHERE x.appointment_id = (SELECT a.appointment_id FROM appointments a JOIN pets p ON p.pet_id = a.pet_id "
     "WHERE p.name = 'Biscuit' AND a.status = 'completed' ORDER BY a.starts_at DESC LIMIT 1)", False),
    ("multi_hop", "how much has Daniel Kowalski spent on his pets in total",
     f"SELECT sum(i.amount) {_REVENUE} JOIN pets p ON p.pet_id = a.pet_id JOIN owners o ON o.owner_id = p.owner_id "
     "WHERE o.first_name = 'Daniel' AND o.last_name = 'Kowalski'", False),
    ("multi_hop", "which vets have seen Margaret Holloway's pets",
     "SELECT DISTINCT v.first_name, v.last_name FROM appointments a JOIN vets v ON v.vet_id = a.vet_id "
     "JOIN pets p ON p.pet_id = a.pet_id JOIN owners o ON o.owner_id = p.owner_id "
     "WHERE o.first_name = 'Margaret' AND o.last_name = 'Holloway' AND a.status = 'completed'", False),
)
