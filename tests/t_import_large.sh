# t_import_large.sh — a loans file over 32 MiB takes the bulk path
# (import.c: the secondary indexes of loans dropped and built again at the
# end, the probable-duplicate test from an in-memory set, decisions.md
# "Import at scale"), and judges a row as a small file does: a new loan
# whose contract of the same borrower is recorded under another bank before
# the file, or earlier in the file, is refused with the same message; a
# refused file writes nothing and leaves every index in place; with
# --skip-invalid the other rows are written, the two go to the rejects
# file, and the indexes are there again.  No timing (make bench has them).
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
N=140000
"$PY" "$(dirname "$0")/../scripts/gen_loans.py" $N "$TMP/gen.csv" || die "gen_loans"
[ "$(stat -c %s "$TMP/gen.csv")" -ge $((32 << 20)) ] || die "fixture: gen.csv under 32 MiB"
# row 5 (line 7) of the file: its borrower and contract, recorded under
# another bank before the import; the first data row again under another
# bank at the end of the file (line N+2)
"$PY" - "$TMP/gen.csv" "$TMP/big.csv" "$TMP/before.csv" <<'PYEOF'
import csv, sys
src, big, before = sys.argv[1:4]
rows = list(csv.reader(open(src, encoding="utf-8", newline="")))
head, r1, r5 = rows[0], rows[1], rows[6]
other = lambda r: "温州银行" if r[0] != "温州银行" else "浙商银行"
with open(before, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(head)
    w.writerow([other(r5)] + r5[1:15] + ["1"])
with open(big, "wb") as f:
    f.write(open(src, "rb").read())
    w = csv.writer(open(big, "a", encoding="utf-8", newline=""), lineterminator="\r\n")
    w.writerow([other(r1)] + r1[1:15] + ["2"])
print(r1[0], r1[1], r1[3], r5[0], r5[1], r5[3], other(r5), sep="\n",
      file=open(before + ".keys", "w", encoding="utf-8"))
PYEOF
{ read -r B1; read -r C1; read -r U1; read -r B5; read -r C5; read -r U5; read -r O5; } <"$TMP/before.csv.keys"

expect 0 p init
expect 0 p import loans "$TMP/before.csv"
has "$TMP/out" "before.csv: 1 rows, 1 new"
indexes() { q "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('loans', 'loan_rights') AND name NOT LIKE 'sqlite_%' ORDER BY name)"; }
IDX=$(indexes)
case " $IDX " in *" loans_uscc "*) ;; *) die "no loans_uscc: $IDX" ;; esac

# refused: both rows named, nothing written, the indexes as they were
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/big.csv"
has "$TMP/err" "$TMP/big.csv:7: column '借款合同编号': contract '$C5' of $U5 is recorded under bank '$O5': a probable duplicate"
has "$TMP/err" "$TMP/big.csv:$((N + 2)): column '借款合同编号': contract '$C1' of $U1 is recorded under bank '$B1': a probable duplicate"
has "$TMP/err" "nothing written"
[ "$(grep -c 'probable duplicate' "$TMP/err")" = 2 ] || die "not exactly two duplicates: $(grep -c 'probable duplicate' "$TMP/err")"
[ "$(q "SELECT count(*) FROM loans")" = 1 ] || die "a refused file wrote"
[ "$(indexes)" = "$IDX" ] || die "indexes after a refused bulk import: $(indexes), were $IDX"

# --skip-invalid: N - 1 new of the file's N + 1 rows, the two rejected
expect 0 p import loans --skip-invalid --rejects "$TMP/big.rej" "$TMP/big.csv"
has "$TMP/out" "big.csv: $((N + 1)) rows, $((N - 1)) new, 0 updated, 0 unchanged, 2 rejected"
[ "$(q "SELECT count(*) FROM loans")" = "$N" ] || die "loans: $(q "SELECT count(*) FROM loans")"
[ "$(grep -c 'probable duplicate' "$TMP/big.rej")" = 2 ] || die "the rejects file lacks the two rows"
[ "$(q "SELECT count(*) FROM loans WHERE uscc = '$U5' AND contract_no = '$C5'")" = 1 ] || die "$C5 written twice"
[ "$(q "SELECT count(*) FROM loans WHERE uscc = '$U1' AND contract_no = '$C1'")" = 1 ] || die "$C1 written twice"
[ "$(indexes)" = "$IDX" ] || die "indexes after the bulk import: $(indexes), were $IDX"
[ "$(q "PRAGMA integrity_check")" = ok ] || die "integrity_check"
# the indexes answer as the table does (built again from the rows)
[ "$(q "SELECT count(*) FROM loans INDEXED BY loans_uscc WHERE uscc = '$U1'")" = \
  "$(q "SELECT count(*) FROM loans NOT INDEXED WHERE uscc = '$U1'")" ] || die "loans_uscc disagrees"
