def test_pg(pg):
    assert pg.psql("select 1") == "1"
    import psycopg
    with psycopg.connect(pg.dsn("scram_user")) as c:
        assert c.execute("select current_user").fetchone()[0] == "scram_user"
    with psycopg.connect(pg.dsn("md5_user", sslmode="require")) as c:
        assert c.execute("select current_user").fetchone()[0] == "md5_user"
