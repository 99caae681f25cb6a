"""Questions about ``unseen_trials`` (clinical trials)."""

from eval.unseen.gold.periods import (
    LAST_MONTH as _LAST_MONTH,
    MONTH_BEFORE as _MONTH_BEFORE,
    LAST_QUARTER as _LAST_QUARTER,
    QUARTER_BEFORE as _QUARTER_BEFORE)

_P = "FROM participants p JOIN trials t ON t.trial_id = p.trial_id"
_AGE = "extract(year FROM age(p.enrolled_on, p.birth_date))"

QUESTIONS = (
    # value_filter
    ("value_filter", "which trials are still recruiting",
     "SELECT t.acronym FROM trials t WHERE t.status = 'recruiting'", False),
    ("value_filter", "phase 3 oncology studies",
     "SELECT t.acronym FROM trials t WHERE t.phase = 'Phase 3' AND t.therapeutic_area = 'oncology'", False),
    ("value_filter", "whats the NCT number for neuralis",
     "SELECT t.nct_number FROM trials t WHERE t.acronym = 'NEURALIS'", False),
    ("value_filter", "our sites in canada",
     "SELECT s.site_name FROM sites s WHERE s.country = 'Canada'", False),
    # count
    ("count", "how many patients has HORIZON-2 enrolled",
     f"SELECT count(*) {_P} WHERE t.acronym = 'HORIZON-2'", False),
    ("count", "how many serious adverse evnts have there been",
     "SELECT count(*) FROM adverse_events e WHERE e.is_serious", False),
    ("count", "how many subjects dropped out of tidewater because of an adverse event",
     f"SELECT count(*) {_P} WHERE t.acronym = 'TIDEWATER' AND p.withdrawal_reason = 'adverse event'", False),
    # aggregate
    ("aggregate", "average age at enrolment in neuralis",
     f"SELECT avg({_AGE}) {_P} WHERE t.acronym = 'NEURALIS'", False),
    ("aggregate", "total target enrolment across recruiting trials",
     "SELECT sum(t.target_enrollment) FROM trials t WHERE t.status = 'recruiting'", False),
    ("aggregate", "how old was the oldest RESPIRE-1 volunteer when they enrolled",
     f"SELECT max({_AGE}) {_P} WHERE t.acronym = 'RESPIRE-1'", False),
    # distinct_count
    ("distinct_count", "how many sites is HORIZON-2 running at",
     "SELECT count(DISTINCT ts.site_id) FROM trial_sites ts JOIN trials t ON t.trial_id = ts.trial_id "
     "WHERE t.acronym = 'HORIZON-2'", False),
    ("distinct_count", "how many countries do our participants come from",
     "SELECT count(DISTINCT s.country) FROM participants p JOIN sites s ON s.site_id = p.site_id", False),
    ("distinct_count", "how many patients have had at least one SAE",
     "SELECT count(DISTINCT e.participant_id) FROM adverse_events e WHERE e.is_serious", False),
    # group_by
    ("group_by", "enrolment by trial",
     f"SELECT t.acronym, count(*) {_P} GROUP BY t.acronym", False),
    ("group_by", "AEs by severity",
     "SELECT e.severity, count(*) FROM adverse_events e GROUP BY e.severity", False),
    ("group_by", "participants per site in CARDIO-SHIELD",
     f"SELECT s.site_name, count(*) {_P} JOIN sites s ON s.site_id = p.site_id "
     "WHERE t.acronym = 'CARDIO-SHIELD' GROUP BY s.site_name", False),
    ("group_by", "monthly enrolment over the past year",
     "SELECT date_trunc('month', p.enrolled_on) AS month, count(*) FROM participants p "
     "WHERE p.enrolled_on >= current_date - interval '1 year' GROUP BY 1 ORDER BY 1", True),
    # having
    ("having", "sites with more than 100 participants",
     "SELECT s.site_name, count(*) FROM participants p JOIN sites s ON s.site_id = p.site_id "
     "GROUP BY s.site_name HAVING count(*) > 100", False),
    ("having", "AE terms reported more than 100 times",
     "SELECT e.ae_term, count(*) FROM adverse_events e GROUP BY e.ae_term HAVING count(*) > 100", False),
    ("having", "trials with more than 20 serious adverse events",
     "SELECT t.acronym, count(*) FROM adverse_events e JOIN participants p ON p.participant_id = e.participant_id "
     "JOIN trials t ON t.trial_id = p.trial_id WHERE e.is_serious GROUP BY t.acronym HAVING count(*) > 20", False),
    # join
    ("join", "who's the PI on neuralis at st aidans",
     "SELECT i.first_name, i.last_name FROM trial_sites ts JOIN trials t ON t.trial_id = ts.trial_id "
     "JOIN sites s ON s.site_id = ts.site_id JOIN investigators i ON i.investigator_id = ts.pi_id "
     "WHERE t.acronym = 'NEURALIS' AND s.site_name = 'St Aidan''s Hospital'", False),
    ("join", "which sponsor runs TIDEWATER",
     "SELECT sp.sponsor_name FROM trials t JOIN sponsors sp ON sp.sponsor_id = t.sponsor_id "
     "WHERE t.acronym = 'TIDEWATER'", False),
    ("join", "trials sponsored by Castellan",
     "SELECT t.acronym FROM trials t JOIN sponsors sp ON sp.sponsor_id = t.sponsor_id "
     "WHERE sp.sponsor_name = 'Castellan Biologics'", False),
    ("join", "what are the arms in cardio shield",
     "SELECT a.arm_name FROM arms a JOIN trials t ON t.trial_id = a.trial_id WHERE t.acronym = 'CARDIO-SHIELD'", False),
    # relative_date
    ("relative_date", "how many patients were enrolled last month",
     f"SELECT count(*) FROM participants p WHERE {_LAST_MONTH.format(c='p.enrolled_on')}", False),
    ("relative_date", "new AEs in the past 30 days",
     "SELECT count(*) FROM adverse_events e WHERE e.onset_date >= current_date - 30", False),
    ("relative_date", "visits scheduled in the next 14 days",
     "SELECT count(*) FROM visits v WHERE v.scheduled_date >= current_date AND v.scheduled_date < current_date + 14",
     False),
    ("relative_date", "how many participants completed the study last quarter",
     f"SELECT count(*) FROM participants p WHERE {_LAST_QUARTER.format(c='p.completed_on')}", False),
    # ratio
    ("ratio", "withdrawal rate by trial",
     f"SELECT t.acronym, 100.0 * count(p.withdrawn_on) / count(*) {_P} GROUP BY t.acronym", False),
    ("ratio", "what % of AEs were considered drug related",
     "SELECT 100.0 * count(*) FILTER (WHERE e.related_to_drug) / count(*) FROM adverse_events e", False),
    ("ratio", "enrolment as a % of target for the recruiting trials",
     f"SELECT t.acronym, 100.0 * count(*) / t.target_enrollment {_P} WHERE t.status = 'recruiting' "
     "GROUP BY t.trial_id, t.acronym, t.target_enrollment", False),
    # top_n
    ("top_n", "which site has enrolled the most patients",
     "SELECT s.site_name, count(*) AS participants FROM participants p JOIN sites s ON s.site_id = p.site_id "
     "GROUP BY s.site_name ORDER BY participants DESC LIMIT 1", True),
    ("top_n", "top 5 most common adverse events",
     "SELECT e.ae_term, count(*) AS events FROM adverse_events e GROUP BY e.ae_term ORDER BY events DESC LIMIT 5",
     True),
    ("top_n", "which treatment arm has the most serious AEs",
     "SELECT t.acronym, a.arm_name, count(*) AS saes FROM adverse_events e "
     "JOIN participants p ON p.participant_id = e.participant_id JOIN arms a ON a.arm_id = p.arm_id "
     "JOIN trials t ON t.trial_id = a.trial_id WHERE e.is_serious GROUP BY a.arm_id, t.acronym, a.arm_name "
     "ORDER BY saes DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "trials that haven't enrolled anyone yet",
     "SELECT t.acronym FROM trials t WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.trial_id = t.trial_id)",
     False),
    ("anti_join", "investigators who aren't PI on any trial",
     "SELECT i.first_name, i.last_name FROM investigators i WHERE NOT EXISTS "
     "(SELECT 1 FROM trial_sites ts WHERE ts.pi_id = i.investigator_id)", False),
    # vs_average
    ("vs_average", "sites enrolling more than the average site",
     "WITH per_site AS (SELECT s.site_name, count(*) AS participants FROM participants p "
     "JOIN sites s ON s.site_id = p.site_id GROUP BY s.site_name) SELECT ps.site_name, ps.participants "
     "FROM per_site ps WHERE ps.participants > (SELECT avg(participants) FROM per_site)", False),
    # date_diff
    ("date_diff", "average days from screening to baseline visit",
     "SELECT avg(b.visit_date - s.visit_date) FROM visits s JOIN visits b ON b.participant_id = s.participant_id "
     "AND b.visit_name = 'Baseline' WHERE s.visit_name = 'Screening'", False),
    ("date_diff", "how many days do adverse events last on average",
     "SELECT avg(e.resolved_date - e.onset_date) FROM adverse_events e WHERE e.resolved_date IS NOT NULL", False),
    # share
    ("share", "what share of HORIZON-2 patients are women",
     f"SELECT 100.0 * count(*) FILTER (WHERE p.sex = 'F') / count(*) {_P} WHERE t.acronym = 'HORIZON-2'", False),
    ("share", "each country's share of participants",
     "SELECT s.country, 100.0 * count(*) / sum(count(*)) OVER () FROM participants p "
     "JOIN sites s ON s.site_id = p.site_id GROUP BY s.country", False),
    # two_period
    ("two_period", "enrolments last month vs the month before",
     f"SELECT count(*) FILTER (WHERE {_LAST_MONTH.format(c='p.enrolled_on')}), "
     f"count(*) FILTER (WHERE {_MONTH_BEFORE.format(c='p.enrolled_on')}) FROM participants p", False),
    ("two_period", "adverse events last quarter compared with the quarter before",
     f"SELECT count(*) FILTER (WHERE {_LAST_QUARTER.format(c='e.onset_date')}), "
     f"count(*) FILTER (WHERE {_QUARTER_BEFORE.format(c='e.onset_date')}) FROM adverse_events e", False),
    # multi_hop
    ("multi_hop", "how many serious AEs happened at German sites",
     "SELECT count(*) FROM adverse_events e JOIN participants p ON p.participant_id = e.participant_id "
     "JOIN sites s ON s.site_id = p.site_id WHERE s.country = 'Germany' AND e.is_serious", False),
    ("multi_hop", "which sponsors have had a participant die in one of their trials",
     f"SELECT DISTINCT sp.sponsor_name {_P} JOIN sponsors sp ON sp.sponsor_id = t.sponsor_id "
     "WHERE p.withdrawal_reason = 'death'", False),
    ("multi_hop", "serious AEs by arm in Veridian's trials",
     "SELECT t.acronym, a.arm_name, count(*) FROM adverse_events e "
     "JOIN participants p ON p.participant_id = e.participant_id JOIN arms a ON a.arm_id = p.arm_id "
     "JOIN trials t ON t.trial_id = a.trial_id JOIN sponsors sp ON sp.sponsor_id = t.sponsor_id "
     "WHERE sp.sponsor_name = 'Veridian Therapeutics' AND e.is_serious GROUP BY a.arm_id, t.acronym, a.arm_name",
     False),
)
