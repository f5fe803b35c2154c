"""xlsx_load.py DB FILE.sql — run a fixture SQL file on a pledger database.

The lock triggers of schema.sql call ldg_refuse(), which pledger registers
on its connections; the sqlite3 shell does not know it, so the report tests
load their fixtures here, with ldg_refuse registered (raising the error the
trigger asks for).  Used by tests/t_report*.sh.
"""
import sqlite3
import sys


def refuse(*args):
    # ldg_refuse(FORMAT, ARG...) since schema migrate 14
    raise sqlite3.IntegrityError(args[0])


def main():
    db, path = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db)
    con.create_function("ldg_refuse", -1, refuse)
    con.execute("PRAGMA foreign_keys = ON")
    with open(path, encoding="utf-8") as f:
        con.executescript(f.read())
    con.commit()
    con.close()


if __name__ == "__main__":
    main()
