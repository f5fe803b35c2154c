#!/usr/bin/python3
"""reliability_gen.py — a large, valid loans file for tests/t_reliability_*.sh.

usage: reliability_gen.py OUT.csv ROWS TAG

Writes ROWS loans of bank "可靠性测试银行<TAG>" in UTF-8 with English
headers (import.md §2): 200 enterprises of 东阳市, USCCs and patent numbers
with valid check characters (domain.md §2-3), contract numbers TAG-000001...
Different TAGs give files with disjoint loans (and disjoint patents).
Deterministic: the same arguments give the same bytes.
"""
import sys

A = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(n):
    body = "91330783" + "MA" + "%06d" % (n * 9973 % 1000000) + A[n % 31]
    c = 31 - sum(A.index(x) * pow(3, i, 31) for i, x in enumerate(body)) % 31
    return body + A[0 if c == 31 else c]


def patent(n, tag):
    d = "2019" + "1" + "%07d" % ((n * 7919 + tag * 1000003) % 10000000)
    r = sum(int(x) * w for x, w in zip(d, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])) % 11
    return "ZL%s.%s" % (d, "X" if r == 10 else r)


def main():
    out, rows, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    t = sum(ord(c) for c in tag)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("bank,contract_no,uscc,enterprise,city,principal_yuan,rate,start_date,"
                "maturity_date,settle_date,interest_paid,ip_rights\n")
        for i in range(rows):
            e = i % 200
            m = 1 + i % 12
            d = 1 + i % 28
            f.write("可靠性测试银行%s,%s-%06d,%s,东阳市测试企业%03d有限公司,东阳市,%d.00,4.35%%,"
                    "2022-%02d-%02d,2023-%02d-%02d,2023-%02d-%02d,%d.%02d,%s\n"
                    % (tag, tag, i + 1, uscc(e), e, 100000 + (i * 37) % 900000 * 10,
                       m, d, m, d, m, d, 1000 + i % 50000, i % 100, patent(i, t)))


main()
