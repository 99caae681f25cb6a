-- An amateur esports league (a 5v5 tactical shooter): teams in two divisions, their players
-- (free agents have no team), seasons with a prize pool, matches (home and away team, both
-- foreign keys to teams; the winner too; unplayed matches have no winner), the result of each
-- map of a best-of-three match, per-player stats on each map, sponsors and their sponsorship deals
-- with a team for a season. Plain plural snake_case tables, "<entity>_id" keys.
CREATE TABLE teams (
    team_id     integer PRIMARY KEY,
    team_name   text NOT NULL UNIQUE,
    tag         text NOT NULL,
    home_city   text NOT NULL,
    division    text NOT NULL,
    founded_on  date NOT NULL
);

CREATE TABLE players (
    player_id   integer PRIMARY KEY,
    team_id     integer REFERENCES teams (team_id),
    gamertag    text NOT NULL UNIQUE,
    full_name   text NOT NULL,
    country     text NOT NULL,
    role        text NOT NULL,
    birth_date  date NOT NULL,
    joined_on   date NOT NULL
);
COMMENT ON COLUMN players.team_id IS 'null for free agents';

CREATE TABLE seasons (
    season_id    integer PRIMARY KEY,
    season_name  text NOT NULL,
    starts_on    date NOT NULL,
    ends_on      date NOT NULL,
    prize_pool   numeric(10,2) NOT NULL
);

CREATE TABLE matches (
    match_id        integer PRIMARY KEY,
    season_id       integer NOT NULL REFERENCES seasons (season_id),
    home_team_id    integer NOT NULL REFERENCES teams (team_id),
    away_team_id    integer NOT NULL REFERENCES teams (team_id),
    scheduled_at    timestamp NOT NULL,
    stage           text NOT NULL,
    winner_team_id  integer REFERENCES teams (team_id),
    peak_viewers    integer
);
COMMENT ON COLUMN matches.winner_team_id IS 'null until the match is played';

CREATE TABLE map_results (
    match_id        integer NOT NULL REFERENCES matches (match_id),
    map_number      smallint NOT NULL,
    map_name        text NOT NULL,
    home_rounds     smallint NOT NULL,
    away_rounds     smallint NOT NULL,
    winner_team_id  integer NOT NULL REFERENCES teams (team_id),
    duration_min    smallint NOT NULL,
    PRIMARY KEY (match_id, map_number)
);

CREATE TABLE player_map_stats (
    match_id    integer NOT NULL,
    map_number  smallint NOT NULL,
    player_id   integer NOT NULL REFERENCES players (player_id),
    kills       smallint NOT NULL,
    deaths      smallint NOT NULL,
    assists     smallint NOT NULL,
    PRIMARY KEY (match_id, map_number, player_id),
    FOREIGN KEY (match_id, map_number) REFERENCES map_results (match_id, map_number)
);

CREATE TABLE sponsors (
    sponsor_id    integer PRIMARY KEY,
    sponsor_name  text NOT NULL,
    industry      text NOT NULL
);

CREATE TABLE sponsorships (
    sponsorship_id  integer PRIMARY KEY,
    sponsor_id      integer NOT NULL REFERENCES sponsors (sponsor_id),
    team_id         integer NOT NULL REFERENCES teams (team_id),
    season_id       integer NOT NULL REFERENCES seasons (season_id),
    amount          numeric(10,2) NOT NULL,
    signed_on       date NOT NULL
);
