"""What reading a question costs as the schema grows (ask/translate/sketch), no database.

Synthetic schemas of N tables, each with a key, a ``name``, a measure, a timestamp and a
foreign key (so every question's words spell a column of thousands of tables, the worst case
for the reader's mentions). Cold: the first reading, which builds the per-schema index (in the
proxy that happens once per schema version, off the event loop, in ``ask/schema_prep.py``).
Warm: the mean of later readings.

    PYTHONPATH=. python bench/reader_scale.py --tables 10,1000,5000
"""

from __future__ import annotations

import argparse
import os
import time

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

QUESTIONS = ("total amount 3 of table 5 per name", "how many table 3 rows last month",
             "name of the table 7 with the highest amount 2")


def schema(n: int) -> SchemaContext:
    tables = []
    for i in range(n):
        ref = (i * 7 + 3) % n
        cols = (Column(f"t{i}_id", "integer", False), Column("name", "text"),
                Column(f"amount_{i % 7}", "numeric"), Column("created_at", "timestamp"),
                Column(f"ref{i}_id", "integer"))
        fks = (ForeignKey((f"ref{i}_id",), "public", f"table_{ref}", (f"t{ref}_id",)),)
        tables.append(Table("public", f"table_{i}", cols, (f"t{i}_id",), fks))
    return SchemaContext("db", "bench", ("public",), tuple(tables))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", default="10,100,1000,5000")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'tables':>7} {'cold ms':>8} {'warm ms':>8}")
    for n in (int(x) for x in args.tables.split(",")):
        s = schema(n)
        t = time.perf_counter()
        read_question(QUESTIONS[0], s)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(args.repeat):
            for q in QUESTIONS:
                read_question(q, s)
        warm = (time.perf_counter() - t) / (args.repeat * len(QUESTIONS))
        print(f"{n:>7} {cold * 1000:>8.1f} {warm * 1000:>8.2f}")


if __name__ == "__main__":
    main()
