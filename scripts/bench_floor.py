#!/usr/bin/python3
"""bench_floor.py — SQLite's own cost of writing an import's rows into
pledger's schema: the floor under any `pledger import loans`.

Usage: bench_floor.py SRC DST

SRC is a database into which pledger imported a loans file; DST a fresh
database made by `pledger init`.  In one transaction, on a connection set
up as pledger's (foreign keys on, WAL, synchronous FULL, 32 MiB of page
cache), it copies SRC's batches, banks, enterprises, loans and rights into
DST with INSERT ... SELECT, dropping and rebuilding the secondary indexes
of loans and loan_rights as import.c does for a large file, and commits.

So the same rows meet the same keys, CHECKs, foreign keys and lock
triggers as in a real import, with nothing of pledger's own work: no
reading, decoding, header mapping, validation, or one statement per row.
scripts/bench_import.sh times it against `sqlite3 .import` of the file:
that ratio is the part of pledger's ratio no import code can remove.
ldg_refuse, the function the lock triggers call, is pledger's; a stand-in
that fails the statement is registered here (no trigger fires on these
rows: no run is finalized).
"""
import sqlite3
import sys


def refuse(msg, *args):
    raise RuntimeError(msg)


def main():
    src, dst = sys.argv[1:3]
    c = sqlite3.connect(dst, isolation_level=None)
    c.create_function("ldg_refuse", -1, refuse)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL",
                   "cache_size = -32768"):
        c.execute("PRAGMA " + pragma)
    c.execute("ATTACH ? AS src", (src,))
    indexes = c.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index'"
        " AND tbl_name IN ('loans', 'loan_rights') AND sql IS NOT NULL"
        " AND sql NOT LIKE 'CREATE UNIQUE%'").fetchall()
    c.execute("BEGIN IMMEDIATE")
    for table in ("import_batches", "banks", "enterprises"):
        c.execute("INSERT INTO main.%s SELECT * FROM src.%s" % (table, table))
    for name, _ in indexes:
        c.execute('DROP INDEX main."%s"' % name)
    c.execute("INSERT INTO main.loans SELECT * FROM src.loans ORDER BY id")
    c.execute("INSERT INTO main.loan_rights SELECT * FROM src.loan_rights"
              " ORDER BY loan_id, seq")
    c.execute("PRAGMA cache_size = -8192")
    for _, sql in indexes:
        c.execute(sql)
    c.execute("COMMIT")
    c.execute("DETACH src")
    c.close()


if __name__ == "__main__":
    main()
