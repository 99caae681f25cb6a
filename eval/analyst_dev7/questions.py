"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff, share and two_period. Phrased as a busy analyst types them: informal
words that are not the column names ("growers", "loads", "tonnage", "payout", "fraggers", "K/D",
"roster", "backed"), terse fragments and the odd typo, written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', current_date)"
                " - interval '1 month'")
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"
TONNES = "sum(d.NetKg) / 1000.0"
D_FARM = "tblDelivery d JOIN tblFarm f ON f.FarmID = d.FarmID"
D_MEMBER = D_FARM + " JOIN tblMember m ON m.MemberID = f.MemberID"
D_CROP = "tblDelivery d JOIN tblCrop c ON c.CropID = d.CropID"
P_MEMBER = "tblPayment p JOIN tblDelivery d ON d.DeliveryID = p.DeliveryID JOIN tblFarm f ON f.FarmID = d.FarmID"
MEMBER = "m.FirstName, m.LastName"
STATS = "player_map_stats s JOIN players p ON p.player_id = s.player_id"

COOP: tuple[tuple[str, str, str, str, bool], ...] = (
    ("coop", "value_filter", "organic farms in the Mallee", "SELECT f.FarmName FROM tblFarm f WHERE f.IsOrganic AND f.District = 'Mallee'", False),
    ("coop", "value_filter", "whats the base price for lentils", "SELECT c.BasePricePerT FROM tblCrop c WHERE c.CropName = 'Lentils'", False),
    ("coop", "value_filter", "suspended members", f"SELECT {MEMBER} FROM tblMember m WHERE m.StatusCd = 'S'", False),
    ("coop", "count", "how many active growers do we have", "SELECT count(*) FROM tblMember m WHERE m.StatusCd = 'A'", False),
    ("coop", "count", "no. of farms over 1000 ha", "SELECT count(*) FROM tblFarm f WHERE f.Hectares > 1000", False),
    ("coop", "count", "how many loads got rejected", "SELECT count(*) FROM tblGrading g WHERE g.GradeCd = 'REJ'", False),
    ("coop", "aggregate", "total tonnes of wheat received", f"SELECT {TONNES} FROM {D_CROP} WHERE c.CropName = 'Wheat'", False),
    ("coop", "aggregate", "avg moisure on barley deliveries", f"SELECT avg(d.MoisturePct) FROM {D_CROP} WHERE c.CropName = 'Barley'", False),
    ("coop", "aggregate", "how much did we pay out last month", "SELECT sum(p.AmountAUD) FROM tblPayment p WHERE " + LAST_MONTH.format(c="p.PaidOn"), False),
    ("coop", "group_by", "tonnage by district", f"SELECT f.District, {TONNES} FROM {D_FARM} GROUP BY f.District", False),
    ("coop", "group_by", "deliveries per depot", "SELECT dp.DepotName, count(*) FROM tblDelivery d JOIN tblDepot dp ON dp.DepotID = d.DepotID GROUP BY dp.DepotName", False),
    ("coop", "group_by", "average protein for each cereal", f"SELECT c.CropName, avg(g.ProteinPct) FROM tblGrading g JOIN {D_CROP.replace('tblDelivery d', 'tblDelivery d ON d.DeliveryID = g.DeliveryID')} WHERE c.CropGroup = 'Cereal' GROUP BY c.CropName", False),
    ("coop", "group_by", "monthly delivery count this year", "SELECT date_trunc('month', d.DeliveredOn) AS month, count(*) FROM tblDelivery d WHERE " + THIS_YEAR.format(c="d.DeliveredOn") + " GROUP BY 1 ORDER BY 1", True),
    ("coop", "having", "members with more than 30 deliveries", f"SELECT {MEMBER}, count(*) FROM {D_MEMBER} GROUP BY m.MemberID, m.FirstName, m.LastName HAVING count(*) > 30", False),
    ("coop", "having", "crops where we've taken in over 3000 tonnes", f"SELECT c.CropName, {TONNES} FROM {D_CROP} GROUP BY c.CropName HAVING {TONNES} > 3000", False),
    ("coop", "distinct_count", "how many members delivered last month", f"SELECT count(DISTINCT f.MemberID) FROM {D_FARM} WHERE " + LAST_MONTH.format(c="d.DeliveredOn"), False),
    ("coop", "distinct_count", "how many different crops did Horsham Silo take this year", "SELECT count(DISTINCT d.CropID) FROM tblDelivery d JOIN tblDepot dp ON dp.DepotID = d.DepotID WHERE dp.DepotName = 'Horsham Silo' AND " + THIS_YEAR.format(c="d.DeliveredOn"), False),
    ("coop", "relative_date", "deliveries yesterday", "SELECT count(*) FROM tblDelivery d WHERE d.DeliveredOn >= current_date - 1 AND d.DeliveredOn < current_date", False),
    ("coop", "relative_date", "new members in the last 90 days", f"SELECT {MEMBER} FROM tblMember m WHERE m.JoinDate >= current_date - 90", False),
    ("coop", "relative_date", "how much have we paid this quarter", "SELECT sum(p.AmountAUD) FROM tblPayment p WHERE " + THIS_QUARTER.format(c="p.PaidOn"), False),
    ("coop", "ratio", "rejection rate", "SELECT 100.0 * count(*) FILTER (WHERE g.GradeCd = 'REJ') / count(*) FROM tblGrading g", False),
    ("coop", "ratio", "payout per tonne for canola", "SELECT sum(p.AmountAUD) / (sum(d.NetKg) / 1000.0) FROM tblPayment p JOIN tblDelivery d ON d.DeliveryID = p.DeliveryID JOIN tblCrop c ON c.CropID = d.CropID WHERE c.CropName = 'Canola'", False),
    ("coop", "share", "what % of tonnage comes from organic farms", f"SELECT 100.0 * sum(d.NetKg) FILTER (WHERE f.IsOrganic) / sum(d.NetKg) FROM {D_FARM}", False),
    ("coop", "share", "share of deliveries that went to Griffith Depot", "SELECT 100.0 * count(*) FILTER (WHERE dp.DepotName = 'Griffith Depot') / count(*) FROM tblDelivery d JOIN tblDepot dp ON dp.DepotID = d.DepotID", False),
    ("coop", "join", "how many loads has Margaret Kowalski delivered", f"SELECT count(*) FROM {D_MEMBER} WHERE m.FirstName = 'Margaret' AND m.LastName = 'Kowalski'", False),
    ("coop", "join", "deliveries into the Griffith depot last week", "SELECT count(*) FROM tblDelivery d JOIN tblDepot dp ON dp.DepotID = d.DepotID WHERE dp.DepotName = 'Griffith Depot' AND " + LAST_WEEK.format(c="d.DeliveredOn"), False),
    ("coop", "join", "potatoes delivered to Sale Cool Store this year, in tonnes", f"SELECT {TONNES} FROM {D_CROP} JOIN tblDepot dp ON dp.DepotID = d.DepotID WHERE c.CropName = 'Potatoes' AND dp.DepotName = 'Sale Cool Store' AND " + THIS_YEAR.format(c="d.DeliveredOn"), False),
    ("coop", "multi_hop", "total paid to Tom Nguyen", f"SELECT sum(p.AmountAUD) FROM {P_MEMBER} JOIN tblMember m ON m.MemberID = f.MemberID WHERE m.FirstName = 'Tom' AND m.LastName = 'Nguyen'", False),
    ("coop", "multi_hop", "tonnes of onions from Goulburn Valley farms graded Premium 1", f"SELECT {TONNES} FROM {D_FARM} JOIN tblCrop c ON c.CropID = d.CropID JOIN tblGrading g ON g.DeliveryID = d.DeliveryID WHERE c.CropName = 'Onions' AND f.District = 'Goulburn Valley' AND g.GradeCd = 'P1'", False),
    ("coop", "multi_hop", "which inspectors graded Priya Raman's loads", f"SELECT DISTINCT g.Inspector FROM tblGrading g JOIN {D_MEMBER.replace('tblDelivery d', 'tblDelivery d ON d.DeliveryID = g.DeliveryID')} WHERE m.FirstName = 'Priya' AND m.LastName = 'Raman'", False),
    ("coop", "multi_hop", "payments by district this year", f"SELECT f.District, sum(p.AmountAUD) FROM {P_MEMBER} WHERE " + THIS_YEAR.format(c="p.PaidOn") + " GROUP BY f.District", False),
    ("coop", "anti_join", "farms that never delivered anything", "SELECT f.FarmName FROM tblFarm f WHERE NOT EXISTS (SELECT 1 FROM tblDelivery d WHERE d.FarmID = f.FarmID)", False),
    ("coop", "anti_join", "members who haven't delivered this year", f"SELECT {MEMBER} FROM tblMember m WHERE NOT EXISTS (SELECT 1 FROM {D_FARM} WHERE f.MemberID = m.MemberID AND " + THIS_YEAR.format(c="d.DeliveredOn") + ")", False),
    ("coop", "anti_join", "how many deliveries have no payment yet", "SELECT count(*) FROM tblDelivery d WHERE NOT EXISTS (SELECT 1 FROM tblPayment p WHERE p.DeliveryID = d.DeliveryID)", False),
    ("coop", "top_n", "top 5 growers by tonnage", f"SELECT {MEMBER}, {TONNES} FROM {D_MEMBER} GROUP BY m.MemberID, m.FirstName, m.LastName ORDER BY {TONNES} DESC LIMIT 5", True),
    ("coop", "top_n", "which depot took the most loads last month", "SELECT dp.DepotName, count(*) FROM tblDelivery d JOIN tblDepot dp ON dp.DepotID = d.DepotID WHERE " + LAST_MONTH.format(c="d.DeliveredOn") + " GROUP BY dp.DepotName ORDER BY count(*) DESC LIMIT 1", True),
    ("coop", "top_n", "biggest farm", "SELECT f.FarmName, f.Hectares FROM tblFarm f ORDER BY f.Hectares DESC LIMIT 1", True),
    ("coop", "two_period", "wheat tonnage this year vs last year", f"SELECT sum(d.NetKg) FILTER (WHERE " + THIS_YEAR.format(c="d.DeliveredOn") + ") / 1000.0, sum(d.NetKg) FILTER (WHERE " + LAST_YEAR.format(c="d.DeliveredOn") + f") / 1000.0 FROM {D_CROP} WHERE c.CropName = 'Wheat'", False),
    ("coop", "two_period", "payouts last month compared to the month before", "SELECT sum(p.AmountAUD) FILTER (WHERE " + LAST_MONTH.format(c="p.PaidOn") + "), sum(p.AmountAUD) FILTER (WHERE " + MONTH_BEFORE.format(c="p.PaidOn") + ") FROM tblPayment p", False),
    ("coop", "vs_average", "farms bigger than average", "SELECT f.FarmName FROM tblFarm f WHERE f.Hectares > (SELECT avg(Hectares) FROM tblFarm)", False),
    ("coop", "vs_average", "how many loads were heavier than the average load", "SELECT count(*) FROM tblDelivery d WHERE d.NetKg > (SELECT avg(NetKg) FROM tblDelivery)", False),
    ("coop", "date_diff", "avg days from delivery to payment", "SELECT avg(p.PaidOn - d.DeliveredOn) FROM tblPayment p JOIN tblDelivery d ON d.DeliveryID = p.DeliveryID", False),
    ("coop", "date_diff", "how long have our members been with us on average, in years", "SELECT avg(date_part('year', age(m.JoinDate))) FROM tblMember m", False),
    ("coop", "date_diff", "average days between a load arriving and being graded", "SELECT avg(g.GradedOn - d.DeliveredOn) FROM tblGrading g JOIN tblDelivery d ON d.DeliveryID = g.DeliveryID", False),
)

ESPORTS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("esports", "value_filter", "premier division teams", "SELECT t.team_name FROM teams t WHERE t.division = 'Premier'", False),
    ("esports", "value_filter", "free agents", "SELECT p.gamertag FROM players p WHERE p.team_id IS NULL", False),
    ("esports", "value_filter", "snipers from canada", "SELECT p.gamertag FROM players p WHERE p.role = 'sniper' AND p.country = 'Canada'", False),
    ("esports", "value_filter", "where are Copper Foxes based", "SELECT t.home_city FROM teams t WHERE t.team_name = 'Copper Foxes'", False),
    ("esports", "count", "how many matches have been played so far", "SELECT count(*) FROM matches m WHERE m.winner_team_id IS NOT NULL", False),
    ("esports", "count", "how many players from brazil", "SELECT count(*) FROM players p WHERE p.country = 'Brazil'", False),
    ("esports", "count", "how many playoff games were there in season 3", "SELECT count(*) FROM matches m JOIN seasons se ON se.season_id = m.season_id WHERE se.season_name = 'Season 3' AND m.stage = 'playoff'", False),
    ("esports", "aggregate", "total prize money across all seasons", "SELECT sum(se.prize_pool) FROM seasons se", False),
    ("esports", "aggregate", "average peak viewers for playoff matches", "SELECT avg(m.peak_viewers) FROM matches m WHERE m.stage = 'playoff'", False),
    ("esports", "aggregate", "avg map length in minutes", "SELECT avg(r.duration_min) FROM map_results r", False),
    ("esports", "group_by", "players per country", "SELECT p.country, count(*) FROM players p GROUP BY p.country", False),
    ("esports", "group_by", "sponsor money by industry", "SELECT sp.industry, sum(ss.amount) FROM sponsorships ss JOIN sponsors sp ON sp.sponsor_id = ss.sponsor_id GROUP BY sp.industry", False),
    ("esports", "group_by", "how often has each map been played", "SELECT r.map_name, count(*) FROM map_results r GROUP BY r.map_name", False),
    ("esports", "group_by", "matches per month this year", "SELECT date_trunc('month', m.scheduled_at) AS month, count(*) FROM matches m WHERE " + THIS_YEAR.format(c="m.scheduled_at") + " GROUP BY 1 ORDER BY 1", True),
    ("esports", "having", "teams with more than 35 match wins", "SELECT t.team_name, count(*) FROM matches m JOIN teams t ON t.team_id = m.winner_team_id GROUP BY t.team_name HAVING count(*) > 35", False),
    ("esports", "having", "players with over 2700 kills", f"SELECT p.gamertag, sum(s.kills) FROM {STATS} GROUP BY p.gamertag HAVING sum(s.kills) > 2700", False),
    ("esports", "distinct_count", "how many different maps got played last month", "SELECT count(DISTINCT r.map_name) FROM map_results r JOIN matches m ON m.match_id = r.match_id WHERE " + LAST_MONTH.format(c="m.scheduled_at"), False),
    ("esports", "distinct_count", "how many teams have had a sponsor", "SELECT count(DISTINCT ss.team_id) FROM sponsorships ss", False),
    ("esports", "distinct_count", "how many countries are our players from", "SELECT count(DISTINCT p.country) FROM players p", False),
    ("esports", "relative_date", "matches last week", "SELECT count(*) FROM matches m WHERE " + LAST_WEEK.format(c="m.scheduled_at"), False),
    ("esports", "relative_date", "players who joined in the last 60 days", "SELECT p.gamertag FROM players p WHERE p.joined_on >= current_date - 60", False),
    ("esports", "relative_date", "sponsorship deals signed this year", "SELECT count(*) FROM sponsorships ss WHERE " + THIS_YEAR.format(c="ss.signed_on"), False),
    ("esports", "ratio", "Kilowatt's K/D", f"SELECT 1.0 * sum(s.kills) / sum(s.deaths) FROM {STATS} WHERE p.gamertag = 'Kilowatt'", False),
    ("esports", "ratio", "iron lotus win rate", "SELECT 100.0 * count(*) FILTER (WHERE m.winner_team_id = t.team_id) / count(*) FROM matches m JOIN teams t ON t.team_id IN (m.home_team_id, m.away_team_id) WHERE t.team_name = 'Iron Lotus' AND m.winner_team_id IS NOT NULL", False),
    ("esports", "share", "% of maps won by the home side", "SELECT 100.0 * count(*) FILTER (WHERE r.winner_team_id = m.home_team_id) / count(*) FROM map_results r JOIN matches m ON m.match_id = r.match_id", False),
    ("esports", "join", "Paper Tigers roster", "SELECT p.gamertag FROM players p JOIN teams t ON t.team_id = p.team_id WHERE t.team_name = 'Paper Tigers'", False),
    ("esports", "join", "who sponsors Glacier Gaming", "SELECT DISTINCT sp.sponsor_name FROM sponsorships ss JOIN sponsors sp ON sp.sponsor_id = ss.sponsor_id JOIN teams t ON t.team_id = ss.team_id WHERE t.team_name = 'Glacier Gaming'", False),
    ("esports", "join", "how many matches did Static Pulse win last month", "SELECT count(*) FROM matches m JOIN teams t ON t.team_id = m.winner_team_id WHERE t.team_name = 'Static Pulse' AND " + LAST_MONTH.format(c="m.scheduled_at"), False),
    ("esports", "multi_hop", "total kills by Crimson Vanguard players this year", f"SELECT sum(s.kills) FROM {STATS} JOIN teams t ON t.team_id = p.team_id JOIN matches m ON m.match_id = s.match_id WHERE t.team_name = 'Crimson Vanguard' AND " + THIS_YEAR.format(c="m.scheduled_at"), False),
    ("esports", "multi_hop", "kills on Dunes by players of Seattle teams", f"SELECT sum(s.kills) FROM {STATS} JOIN teams t ON t.team_id = p.team_id JOIN map_results r ON r.match_id = s.match_id AND r.map_number = s.map_number WHERE r.map_name = 'Dunes' AND t.home_city = 'Seattle'", False),
    ("esports", "multi_hop", "which sponsors backed premier teams in season 4", "SELECT DISTINCT sp.sponsor_name FROM sponsorships ss JOIN sponsors sp ON sp.sponsor_id = ss.sponsor_id JOIN teams t ON t.team_id = ss.team_id JOIN seasons se ON se.season_id = ss.season_id WHERE t.division = 'Premier' AND se.season_name = 'Season 4'", False),
    ("esports", "anti_join", "players who never played a single map", "SELECT p.gamertag FROM players p WHERE NOT EXISTS (SELECT 1 FROM player_map_stats s WHERE s.player_id = p.player_id)", False),
    ("esports", "anti_join", "teams that have never had a sponsor", "SELECT t.team_name FROM teams t WHERE NOT EXISTS (SELECT 1 FROM sponsorships ss WHERE ss.team_id = t.team_id)", False),
    ("esports", "anti_join", "sponsors without any deal", "SELECT sp.sponsor_name FROM sponsors sp WHERE NOT EXISTS (SELECT 1 FROM sponsorships ss WHERE ss.sponsor_id = sp.sponsor_id)", False),
    ("esports", "top_n", "top 10 fraggers", f"SELECT p.gamertag, sum(s.kills) FROM {STATS} GROUP BY p.gamertag ORDER BY sum(s.kills) DESC LIMIT 10", True),
    ("esports", "top_n", "which map runs longest on average", "SELECT r.map_name, avg(r.duration_min) FROM map_results r GROUP BY r.map_name ORDER BY avg(r.duration_min) DESC LIMIT 1", True),
    ("esports", "top_n", "team with the most map wins", "SELECT t.team_name, count(*) FROM map_results r JOIN teams t ON t.team_id = r.winner_team_id GROUP BY t.team_name ORDER BY count(*) DESC LIMIT 1", True),
    ("esports", "two_period", "sponsorship money this year vs last year", "SELECT sum(ss.amount) FILTER (WHERE " + THIS_YEAR.format(c="ss.signed_on") + "), sum(ss.amount) FILTER (WHERE " + LAST_YEAR.format(c="ss.signed_on") + ") FROM sponsorships ss", False),
    ("esports", "two_period", "avg peak viewers this year compared with last year", "SELECT avg(m.peak_viewers) FILTER (WHERE " + THIS_YEAR.format(c="m.scheduled_at") + "), avg(m.peak_viewers) FILTER (WHERE " + LAST_YEAR.format(c="m.scheduled_at") + ") FROM matches m", False),
    ("esports", "vs_average", "how many sponsorship deals are bigger than average", "SELECT count(*) FROM sponsorships ss WHERE ss.amount > (SELECT avg(amount) FROM sponsorships)", False),
    ("esports", "vs_average", "how many matches drew more viewers than average", "SELECT count(*) FROM matches m WHERE m.peak_viewers > (SELECT avg(peak_viewers) FROM matches)", False),
    ("esports", "date_diff", "average player age", "SELECT avg(date_part('year', age(p.birth_date))) FROM players p", False),
    ("esports", "date_diff", "on average how many days before the season starts do sponsors sign", "SELECT avg(se.starts_on - ss.signed_on) FROM sponsorships ss JOIN seasons se ON se.season_id = ss.season_id", False),
    ("esports", "date_diff", "how many years since Copper Foxes were founded", "SELECT date_part('year', age(t.founded_on)) FROM teams t WHERE t.team_name = 'Copper Foxes'", False),
)

QUESTIONS = COOP + ESPORTS
