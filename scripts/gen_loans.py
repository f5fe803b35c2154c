# gen_loans.py N OUT — N valid loan rows as a bank would send them (UTF-8,
# Chinese headers, 元 amounts), for scripts/bench_import.sh.  USCC check
# characters (GB 32100-2015) and patent check digits (domain.md §3) are
# computed here, independently of pledger.  Deterministic (seed 7).
import random
import sys

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W_USCC = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
W_PAT = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]


def uscc(rng, division):
    body = "91" + division + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    s = sum(ALPHA.index(c) * w for c, w in zip(body, W_USCC)) % 31
    c = 31 - s
    return body + ALPHA[0 if c == 31 else c]


def patent(rng):
    d = "%04d%d%07d" % (rng.randint(2005, 2023), rng.choice([1, 2, 3]), rng.randint(0, 9999999))
    r = sum(int(x) * w for x, w in zip(d, W_PAT)) % 11
    return "ZL%s.%s" % (d, "X" if r == 10 else str(r))


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(7)
    cities = [("东阳市", "330783"), ("乐清市", "330382")]
    ents = []
    for i in range(20000):
        name, code = cities[i % 2]
        ents.append((uscc(rng, code), "%s第%05d号科技有限公司" % (name[:2], i), name))
    banks = ["中国工商银行东阳支行", "浙商银行", "浙江乐清农村商业银行", "温州银行"]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("贷款银行,借款合同编号,借款企业,统一社会信用代码,所在县市区,贷款金额(元),"
                "是否组合贷款,执行年利率,放款日期,到期日期,结清日期,是否逾期,实付利息(元),"
                "质押知识产权,评估价值(元),质押登记号\r\n")
        for i in range(n):
            u, name, city = ents[rng.randrange(len(ents))]
            y, m, d = rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)
            settle = "%d-%02d-%02d" % (y + 1, m, d) if rng.random() < 0.6 else ""
            paid = "%d.%02d" % (rng.randint(1000, 900000), rng.randint(0, 99)) if settle else ""
            k = rng.randint(1, 3)
            rights = "；".join(patent(rng) for _ in range(k))
            values = "；".join("%d.00" % rng.randint(10000, 9000000) for _ in range(k))
            f.write("%s,HT%08d,%s,%s,%s,\"%s\",否,%s%%,%d/%d/%d,%d年%d月%d日,%s,否,%s,%s,%s,%d\r\n" % (
                banks[i % 4], i, name, u, city,
                "{:,}.{:02d}".format(rng.randint(100000, 50000000), rng.randint(0, 99)),
                rng.choice(["3.45", "4.35", "3.85", "4.2"]), y, m, d, y + 1, m, d,
                settle, paid, rights, values, 202000000000000 + i))


main()
