/*
 * demo_gen.c — the sample files of `pledger demo` (see demo_gen.h).
 *
 * The data: four cities (东阳市 乐清市 拱墅区 嘉兴市), real Zhejiang bank
 * branches, loans started 2021–2025 whose yearly sums follow each city's
 * plan figures (targets.md), policies, the tax side's contributions and a
 * bar list.  On top of the random bulk come hand-made cases, one per rule
 * worth showing (rules.md §3–§6): a binding per-kind cap, a late repayment
 * and an overdue flag, a combined loan, copyright pledges, a barred
 * enterprise, a binding premium cap, a binding interest-paid cap, a loan
 * before the effective date, a right pledged again, a carry and a lapse, a
 * trademark pledge and a branch that is not a legal person.
 *
 * Files are written as the offices write them (import.md §1): four bank
 * layouts (A: GB18030, CRLF, title and note lines, 万元, 2024年3月15日,
 * 是/否, 合计 row; B: UTF-8 with BOM, 元 with thousands separators,
 * 2024/3/15, Y/N; C: UTF-8, CRLF, English headers, Excel serial dates,
 * full-width digits, TRUE/FALSE, 合计 row; D: GB18030, note line, blank
 * lines, trailing empty columns, ￥ and spaces, 2024.3.15 / 20240315, ✓,
 * line breaks inside quoted cells, lower-case USCCs, 总计 row with an empty
 * first cell), two insurer layouts, the tax side's GB18030 sheet in 万元.
 *
 * No floating point: amounts are int64 fen, rates ppm, dates day numbers.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/demo_gen.h"
#include "ledger/grow.h"
#include "ledger/ident.h"
#include "ledger/outpath.h"
#include "ledger/lang.h"

const char *const cli_demo_city_name[DEMO_CITY_COUNT] = { "东阳市", "乐清市", "拱墅区", "嘉兴市" };
const char *const cli_demo_city_code[DEMO_CITY_COUNT] = { "330783", "330382", "330105", "330400" };

#define YEARS      5          /* 2021 .. 2025 */
#define YEAR0      2021
#define YUAN       INT64_C(100)
#define WAN        INT64_C(1000000)   /* fen in one 万元 */

/* ---- pseudo-random stream (splitmix64) -------------------------------- */

struct rng { uint64_t s; };

/* Next 64 random bits; the sequence depends only on the seed. */
static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n > 0 (the tiny modulo bias does not matter). */
static int64_t below(struct rng *r, int64_t n)
{
	return n > 0 ? (int64_t)(rnd(r) % (uint64_t)n) : 0;
}

/* Uniform in [lo, hi]. */
static int64_t range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + below(r, hi - lo + 1);
}

/* 1 with probability permille / 1000. */
static int chance(struct rng *r, int permille)
{
	return below(r, 1000) < permille;
}

/* ---- dates: day numbers since 1970-01-01 ------------------------------ */

/* Day number of y-m-d (proleptic Gregorian; H. Hinnant's algorithm). */
static int32_t ymd_day(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

/* y-m-d of a day number (inverse of ymd_day). */
static void day_ymd(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 1 for a Gregorian leap year. */
static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The same day `months` later, clamped to the month's end. */
static int32_t add_months(int32_t day, int months)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, last;

	day_ymd(day, &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && leap(y));
	return ymd_day(y, m, d > last ? last : d);
}

/* Day number of a literal ISO date of the hand-made cases (trusted). */
static int32_t iso_day(const char *s)
{
	return ymd_day((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
		       (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
}

/* The year of a day number. */
static int day_year(int32_t day)
{
	int y, m, d;

	day_ymd(day, &y, &m, &d);
	return y;
}

/* The data are as sent at the end of 2025: later settlements do not exist. */
#define CUTOFF_ISO "2025-12-31"

/* LPR1Y (domain.md §1): the contract rates are set as a margin over it. */
static const struct { const char *from; int64_t ppm; } lpr1y[] = {
	{ "2019-08-20", 42500 }, { "2019-09-20", 42000 }, { "2019-11-20", 41500 },
	{ "2020-02-20", 40500 }, { "2020-04-20", 38500 }, { "2021-12-20", 38000 },
	{ "2022-01-20", 37000 }, { "2022-08-22", 36500 }, { "2023-06-20", 35500 },
	{ "2023-08-21", 34500 }, { "2024-07-22", 33500 }, { "2024-10-21", 31000 },
	{ "2025-05-20", 30000 },
};

/* LPR1Y in force on `day` (latest fixing on or before it). */
static int64_t lpr_on(int32_t day)
{
	int64_t ppm = lpr1y[0].ppm;
	size_t i;

	for (i = 0; i < sizeof(lpr1y) / sizeof(lpr1y[0]); i++)
		if (iso_day(lpr1y[i].from) <= day)
			ppm = lpr1y[i].ppm;
	return ppm;
}

/* ---- identifiers ------------------------------------------------------ */

static const char uscc_alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";


/* ---- the cities, banks, industries ------------------------------------ */

/* Yearly new lending 2021..2025 in 百万元, at DEMO_DEFAULT_LOANS loans:
 * 东阳市 follows its base 12 亿 → 13 亿 (2023 target 10 亿), 乐清市 its
 * 8/10/12 亿 registration plan (2024 falls a little short), 拱墅区 its
 * 8 亿 for 2025, 嘉兴市 has no figure (targets.md). */
static const int64_t budget[DEMO_CITY_COUNT][YEARS] = {
	{ 1200, 1100, 1180, 1250, 1340 },
	{ 700, 880, 1080, 1140, 1250 },
	{ 500, 600, 650, 750, 830 },
	{ 400, 500, 550, 600, 650 },
};

static const char *const city_prefix[DEMO_CITY_COUNT] = { "东阳市", "乐清市", "杭州", "嘉兴" };
static const char *const city_divs[DEMO_CITY_COUNT][3] = {
	{ "330783", "330783", "330783" }, { "330382", "330382", "330382" },
	{ "330105", "330105", "330105" }, { "330402", "330411", "330400" },
};

#define NIND 6
static const char *const industry[DEMO_CITY_COUNT][NIND][2] = {
	{ { "木雕红木", "红木家具" }, { "磁性材料", "磁业" }, { "影视文化", "影视传媒" },
	  { "生物医药", "药业" }, { "纺织服装", "服饰" }, { "建筑装饰", "建筑装饰" } },
	{ { "电气", "电气" }, { "电子元器件", "电子" }, { "智能装备", "智能装备" },
	  { "仪器仪表", "仪表" }, { "新能源", "新能源科技" }, { "汽车部件", "汽车部件" } },
	{ { "数字经济", "数字科技" }, { "软件和信息服务", "软件" }, { "生物医药", "生物医药" },
	  { "文化创意", "文化创意" }, { "智能制造", "智能科技" }, { "检验检测", "检测技术" } },
	{ { "新材料", "新材料" }, { "化纤纺织", "化纤" }, { "光伏", "光伏科技" },
	  { "汽车零部件", "汽车零部件" }, { "电子信息", "电子科技" }, { "智能家居", "家居" } },
};

static const char *const name_chars[] = {
	"华", "宏", "鑫", "瑞", "恒", "泰", "盛", "达", "信", "兴", "隆", "丰", "源", "嘉",
	"利", "顺", "通", "安", "康", "和", "德", "建", "金", "永", "昌", "鸿", "祥", "新",
	"博", "创", "联", "海", "天", "星", "光", "明", "辉", "阳", "正", "科", "凯", "伟",
	"豪", "力", "远", "卓", "越", "宇", "峰", "锦", "荣", "诚", "益", "汇", "晟", "融",
	"景", "升", "腾", "飞", "润", "久", "立", "合", "友", "中", "东", "欣", "晶", "奥",
};
#define NCHARS ((int)(sizeof(name_chars) / sizeof(name_chars[0])))

enum layout { LAY_A, LAY_B, LAY_C, LAY_D };

struct bank {
	const char *name;
	int city;
	enum layout layout;
	const char *abbr;       /* used in its contract numbers */
	int weight;             /* share of the city's loans */
};

static const struct bank banks[] = {
	{ "中国工商银行东阳支行", 0, LAY_A, "工银东质", 4 },
	{ "中国农业银行东阳市支行", 0, LAY_B, "ABCDY", 3 },
	{ "浙江东阳农村商业银行", 0, LAY_C, "DYNS", 3 },
	{ "金华银行东阳支行", 0, LAY_D, "JHBDY", 2 },
	{ "浙江乐清农村商业银行", 1, LAY_C, "YQNS", 4 },
	{ "温州银行乐清支行", 1, LAY_D, "WZBYQ", 3 },
	{ "中国银行乐清市支行", 1, LAY_A, "中银乐质", 2 },
	{ "浙商银行温州乐清支行", 1, LAY_B, "ZSYQ", 2 },
	{ "杭州银行科技支行", 2, LAY_B, "HZBKJ", 4 },
	{ "中国建设银行杭州拱墅支行", 2, LAY_A, "建银拱质", 3 },
	{ "杭州联合农村商业银行拱墅支行", 2, LAY_D, "HZLHGS", 2 },
	{ "嘉兴银行科技支行", 3, LAY_C, "JXBKJ", 4 },
	{ "中国工商银行嘉兴分行", 3, LAY_A, "工银嘉质", 3 },
	{ "浙江嘉兴农村商业银行", 3, LAY_B, "JXNS", 3 },
};
#define NBANKS ((int)(sizeof(banks) / sizeof(banks[0])))

static const char *const layout_text[] = {
	"GB18030, CRLF, title and note lines, 万元, 合计 row",
	"UTF-8 with BOM, 元 with thousands separators, Y/N",
	"UTF-8, CRLF, English headers, Excel serial dates, 合计 row",
	"GB18030, note line, ￥, line breaks in cells, 总计 row",
};

static const char *const products[] = {
	"专利执行保险", "专利被侵权损失保险", "知识产权质押融资保证保险",
};

/* ---- enterprises ------------------------------------------------------ */

#define POOL 4

struct ent {
	char uscc[20];
	char name[128];
	int city, ind, legal;
	int weight;                /* how often it borrows; 0: hand-made only */
	char pool[POOL][24];       /* patents it pledged lately (normal form) */
	int npool, poolnext;
	int64_t contrib[YEARS];    /* fen; -1: draw at random */
	int bar_year;
	const char *bar_reason;
};

/* ---- the hand-made cases ---------------------------------------------- */

#define AMPLE (INT64_C(5000000) * YUAN)

struct show_ent {
	int city, ind, legal;
	int64_t c2023, c2024;     /* contribution in fen; -1: AMPLE */
	int bar_year;
	const char *bar_reason;
};

static const struct show_ent show_ents[] = {
	/* 0 */ { 0, 1, 1, -1, -1, 0, NULL },          /* per-kind cap (rules.md §5.1) */
	/* 1 */ { 0, 4, 1, -1, -1, 0, NULL },          /* LATE (§3) */
	/* 2 */ { 0, 0, 1, -1, -1, 0, NULL },          /* combined loan (§4) */
	/* 3 */ { 2, 1, 1, -1, -1, 0, NULL },          /* copyright (§3 KIND_NOT_COVERED) */
	/* 4 */ { 0, 3, 1, 1000000, -1, 2024, "发生较大安全生产事故" }, /* BARRED (§3, §6) */
	/* 5 */ { 1, 0, 1, -1, -1, 0, NULL },          /* premium cap (§5.2) */
	/* 6 */ { 3, 0, 1, -1, -1, 0, NULL },          /* interest-paid cap (§4) */
	/* 7 */ { 1, 2, 1, 0, INT64_C(100000000), 0, NULL }, /* carry (§6) */
	/* 8 */ { 0, 2, 1, -1, -1, 0, NULL },          /* BEFORE_EFFECTIVE (§3) */
	/* 9 */ { 0, 5, 1, -1, -1, 0, NULL },          /* IP_SUBSIDISED_BEFORE (§3) */
	/* 10 */ { 3, 2, 1, 2000000, 0, 0, NULL },     /* lapse (§6, carry_years 1) */
	/* 11 */ { 1, 5, 1, -1, -1, 0, NULL },         /* trademark pledge */
	/* 12 */ { 2, 4, 0, -1, -1, 0, NULL },         /* NOT_LEGAL_PERSON (§3) */
};
#define NSHOW ((int)(sizeof(show_ents) / sizeof(show_ents[0])))

struct show_loan {
	int ent;
	const char *start, *maturity, *settle;
	int64_t principal_yuan, ip_portion_yuan;   /* ip_portion 0: not combined */
	int64_t rate_ppm;                          /* the contract rate */
	int overdue;
	const char *kinds;       /* one letter per right: P patent, T trademark, C copyright */
	int reuse;               /* 1: pledge again the first right of the previous loan */
};

static const struct show_loan show_loans[] = {
	{ 0, "2022-06-15", "2023-06-14", "2023-06-14", 25000000, 0, 43500, 0, "PP", 0 },
	{ 0, "2022-09-01", "2023-08-31", "2023-08-31", 18000000, 0, 42000, 0, "P", 0 },
	{ 1, "2022-03-01", "2023-02-28", "2023-02-28", 1500000, 0, 44000, 0, "P", 0 },
	{ 1, "2022-05-10", "2023-05-09", "2023-06-02", 3000000, 0, 45000, 0, "P", 0 },
	{ 1, "2023-04-01", "2024-03-31", "2024-03-31", 2000000, 0, 42000, 1, "P", 0 },
	{ 2, "2023-03-20", "2024-03-19", "2024-03-19", 8000000, 3200000, 40000, 0, "PT", 0 },
	{ 3, "2022-07-01", "2023-06-30", "2023-06-30", 2000000, 0, 45000, 0, "CC", 0 },
	{ 3, "2023-02-01", "2024-01-31", "2024-01-31", 3000000, 0, 42000, 0, "PC", 0 },
	{ 4, "2022-04-15", "2023-04-14", "2023-04-14", 6000000, 0, 43000, 0, "P", 0 },
	{ 4, "2023-05-15", "2024-05-14", "2024-05-14", 4000000, 0, 42000, 0, "P", 0 },
	{ 6, "2023-01-10", "2024-01-09", "2024-01-09", 6000000, 0, 12000, 0, "P", 0 },
	{ 7, "2022-08-01", "2023-07-31", "2023-07-31", 4000000, 0, 42000, 0, "P", 0 },
	{ 8, "2020-11-18", "2023-11-17", "2023-11-17", 5000000, 0, 46500, 0, "P", 0 },
	{ 9, "2022-10-10", "2023-10-09", "2023-10-09", 3000000, 0, 42000, 0, "PP", 0 },
	{ 9, "2023-09-01", "2024-08-30", "2024-08-30", 3500000, 0, 40000, 0, "P", 1 },
	{ 10, "2022-09-15", "2023-09-14", "2023-09-14", 5000000, 0, 42000, 0, "P", 0 },
	{ 11, "2022-11-01", "2023-10-31", "2023-10-31", 2500000, 0, 43000, 0, "TT", 0 },
	{ 12, "2022-06-01", "2023-05-31", "2023-05-31", 1000000, 0, 44000, 0, "P", 0 },
};
#define NSHOWLOANS ((int)(sizeof(show_loans) / sizeof(show_loans[0])))

/* Premiums of the premium-cap case: 215 000 yuan, so 50 % is above 100 000. */
static const int64_t show_premiums_yuan[] = { 60000, 55000, 48000, 52000 };

/* ---- loans ------------------------------------------------------------- */

#define MAXR 4

struct loan {
	int32_t start, maturity, settle;     /* settle -1: not settled */
	int64_t principal, ip_portion;       /* fen; ip_portion -1: not combined */
	int64_t paid, credit;                /* fen; -1: not recorded */
	int64_t rate;                        /* ppm */
	int overdue;
	int ent, bank;
	int nr;
	char right[MAXR][40];                /* normal forms */
	int kind[MAXR];                      /* 0 patent, 1 trademark, 2 copyright */
	int64_t value[MAXR];                 /* fen; -1: no valuation */
	int32_t reg_day;                     /* -1: no registration */
	int64_t reg_seq;
	int show;                            /* a hand-made case: always complete */
};

/* ---- the generator's state -------------------------------------------- */

struct gen {
	struct rng r;
	const char *dir;
	struct ldg_err *err;
	struct ent *ents;
	long nents;
	size_t cap_ents;
	long city_first[DEMO_CITY_COUNT], city_count[DEMO_CITY_COUNT]; /* bulk ranges */
	int64_t *cum;                 /* cumulative borrowing weights, per enterprise */
	long show_first;              /* index of hand-made enterprise 0 */
	char **seen;                  /* open-addressing set of names and USCCs */
	size_t seen_cap, seen_n;
	uint64_t patent_serial;       /* counter of new patent numbers */
	int64_t reg_counter;
	char show_last_right[NSHOW][40];
	struct cli_demo_manifest *m;
};

/* FNV-1a hash of a string. */
static uint64_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (*s)
		h = (h ^ (unsigned char)*s++) * UINT64_C(1099511628211);
	return h;
}

/*
 * Add s to the set of names and USCCs in use.  Returns 1 when added, 0
 * when it was there already, -1 when out of memory.
 */
static int seen_add(struct gen *g, const char *s)
{
	size_t i;

	if ((g->seen_n + 1) * 2 > g->seen_cap) {
		size_t ncap = g->seen_cap ? g->seen_cap * 2 : 4096, j;
		char **n = calloc(ncap, sizeof(*n));

		if (!n)
			return -1;
		for (j = 0; j < g->seen_cap; j++) {
			if (!g->seen[j])
				continue;
			i = hash_str(g->seen[j]) & (ncap - 1);
			while (n[i])
				i = (i + 1) & (ncap - 1);
			n[i] = g->seen[j];
		}
		free(g->seen);
		g->seen = n;
		g->seen_cap = ncap;
	}
	i = hash_str(s) & (g->seen_cap - 1);
	while (g->seen[i]) {
		if (strcmp(g->seen[i], s) == 0)
			return 0;
		i = (i + 1) & (g->seen_cap - 1);
	}
	if (!(g->seen[i] = strdup(s)))
		return -1;
	g->seen_n++;
	return 1;
}

/* Free the set of names and USCCs. */
static void seen_free(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->seen_cap; i++)
		free(g->seen[i]);
	free(g->seen);
	g->seen = NULL;
}

/* ---- file writing ------------------------------------------------------ */

/* One output file: rows are built in UTF-8 and converted when needed. */
struct wout {
	FILE *f;
	iconv_t cd;             /* (iconv_t)-1: UTF-8 */
	const char *eol;
	char *line;             /* the row being built, UTF-8 */
	size_t len, cap;
	int nfields;            /* fields in the current row */
	char *conv;             /* conversion buffer */
	size_t conv_cap;
	const char *path;
	int failed;             /* 1 after any write or conversion error */
};

/* Append n bytes to the row being built; sets failed on ENOMEM. */
static void wput(struct wout *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (ldg_grow((void **)&w->line, &w->cap, w->len + n + 1, 1)) {
		w->failed = 1;
		return;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
	w->line[w->len] = '\0';
}

/* Append one CSV field, quoted when it holds , " CR or LF (RFC 4180). */
static void wfield(struct wout *w, const char *s)
{
	if (!s)
		s = "";
	if (w->nfields++)
		wput(w, ",", 1);
	if (strpbrk(s, ",\"\r\n")) {
		wput(w, "\"", 1);
		for (; *s; s++) {
			if (*s == '"')
				wput(w, "\"", 1);
			wput(w, s, 1);
		}
		wput(w, "\"", 1);
	} else {
		wput(w, s, strlen(s));
	}
}

/* Write raw bytes (already encoded) to the file. */
static void wraw(struct wout *w, const char *s, size_t n)
{
	if (!w->failed && n && fwrite(s, 1, n, w->f) != n)
		w->failed = 1;
}

/* End the row: add the line end, convert, write. */
static void wend(struct wout *w)
{
	wput(w, w->eol, strlen(w->eol));
	if (w->failed)
		return;
	if (w->cd == (iconv_t)-1) {
		wraw(w, w->line, w->len);
	} else {
		char *in = w->line, *out;
		size_t inleft = w->len, outleft, need = w->len * 2 + 16;

		if (need > w->conv_cap) {
			char *p = realloc(w->conv, need);

			if (!p) {
				w->failed = 1;
				return;
			}
			w->conv = p;
			w->conv_cap = need;
		}
		out = w->conv;
		outleft = w->conv_cap;
		iconv(w->cd, NULL, NULL, NULL, NULL);
		if (iconv(w->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
			w->failed = 1;
			return;
		}
		wraw(w, w->conv, w->conv_cap - outleft);
	}
	w->len = 0;
	w->nfields = 0;
}

/* A row of n fields. */
static void wrow(struct wout *w, int n, const char *const *fields)
{
	int i;

	for (i = 0; i < n; i++)
		wfield(w, fields[i]);
	wend(w);
}

/*
 * Open path for writing in gb18030 (1) or UTF-8 (0), with a BOM when bom,
 * lines ending in eol.  Returns 0 or LDG_EIO / LDG_ENOMEM.
 */
static int wopen(struct wout *w, const char *path, int gb18030, int bom,
		 const char *eol, struct ldg_err *err)
{
	memset(w, 0, sizeof(*w));
	w->cd = (iconv_t)-1;
	w->eol = eol;
	w->path = path;
	/* a link or device planted in the demo's directory is not followed */
	if (ldg_out_check(path, NULL, NULL, err))
		return err ? err->code : LDG_EIO;
	if (gb18030 && (w->cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1)
		return ldg_err_set(err, LDG_EIO, _("cannot convert to GB18030: %s"), strerror(errno));
	if (!(w->f = fopen(path, "wb"))) {
		int e = errno;

		if (w->cd != (iconv_t)-1)
			iconv_close(w->cd);
		w->cd = (iconv_t)-1;
		return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, strerror(e));
	}
	if (bom)
		wraw(w, "\xEF\xBB\xBF", 3);
	return 0;
}

/* Close; returns 0 or LDG_EIO naming the file. */
static int wclose(struct wout *w, struct ldg_err *err)
{
	int bad = w->failed, e = errno;

	if (w->f && fclose(w->f) != 0) {
		bad = 1;
		e = errno;
	}
	w->f = NULL;
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	w->cd = (iconv_t)-1;
	free(w->line);
	free(w->conv);
	w->line = w->conv = NULL;
	if (bad)
		return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), w->path,
				   e ? strerror(e) : "write failed");
	return 0;
}

/* ---- text forms of values ---------------------------------------------- */

/* "1234.50" (grouped: "1,234.50"; spaced: "1 234.50"). */
static char *fmt_yuan(int64_t fen, int sep, char *buf, size_t sz)
{
	char digits[32], out[48];
	int n, i, o = 0;

	n = snprintf(digits, sizeof(digits), "%lld", (long long)(fen / 100));
	for (i = 0; i < n; i++) {
		if (sep && i > 0 && (n - i) % 3 == 0)
			out[o++] = (char)sep;
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, sz, "%s.%02d", out, (int)(fen % 100));
	return buf;
}

/* 万元 with the decimals the amount needs: 22570000 00 fen → "2257", "988.23". */
static char *fmt_wan(int64_t fen, char *buf, size_t sz)
{
	char frac[8];
	int n;

	snprintf(frac, sizeof(frac), "%06lld", (long long)(fen % WAN));
	for (n = 6; n > 0 && frac[n - 1] == '0'; n--)
		frac[n - 1] = '\0';
	if (n)
		snprintf(buf, sz, "%lld.%s", (long long)(fen / WAN), frac);
	else
		snprintf(buf, sz, "%lld", (long long)(fen / WAN));
	return buf;
}

/* ASCII digits and '.' to their full-width forms (１２３４．５). */
static char *fullwidth(const char *in, char *buf, size_t sz)
{
	size_t o = 0;

	for (; *in && o + 4 < sz; in++) {
		if ((*in >= '0' && *in <= '9') || *in == '.') {
			unsigned cp = 0xFF00u + (unsigned)(*in - 0x20);

			buf[o++] = (char)(0xE0 | (cp >> 12));
			buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			buf[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			buf[o++] = *in;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* A rate in ppm as percent ("4.35%" with pct, "4.35" without) or as a
 * fraction ("0.0435"). */
static char *fmt_rate(int64_t ppm, int style, char *buf, size_t sz)
{
	char frac[8];
	int n;

	if (style == 2) {
		snprintf(frac, sizeof(frac), "%06lld", (long long)ppm);
		for (n = 6; n > 1 && frac[n - 1] == '0'; n--)
			frac[n - 1] = '\0';
		snprintf(buf, sz, "0.%s", frac);
		return buf;
	}
	snprintf(frac, sizeof(frac), "%04lld", (long long)(ppm % 10000));
	for (n = 4; n > 0 && frac[n - 1] == '0'; n--)
		frac[n - 1] = '\0';
	snprintf(buf, sz, "%lld%s%s%s", (long long)(ppm / 10000), n ? "." : "", frac,
		 style == 1 ? "%" : "");
	return buf;
}

enum dstyle { D_ISO, D_CN, D_SLASH, D_DOT, D_COMPACT, D_SERIAL };

/* A date in one of the offices' styles (import.md §1); returns buf. */
static char *fmt_date(int32_t day, enum dstyle st, char *buf, size_t sz)
{
	int y, m, d;

	day_ymd(day, &y, &m, &d);
	switch (st) {
	case D_ISO: snprintf(buf, sz, "%04d-%02d-%02d", y, m, d); break;
	case D_CN: snprintf(buf, sz, "%d年%d月%d日", y, m, d); break;
	case D_SLASH: snprintf(buf, sz, "%d/%d/%d", y, m, d); break;
	case D_DOT: snprintf(buf, sz, "%d.%d.%d", y, m, d); break;
	case D_COMPACT: snprintf(buf, sz, "%04d%02d%02d", y, m, d); break;
	case D_SERIAL: snprintf(buf, sz, "%ld", (long)day + 25569L); break;
	}
	return buf;
}

/* ---- making enterprises ------------------------------------------------ */

/* Make a new enterprise of city c (names and USCCs unique). */
static int make_ent(struct gen *g, int c, int ind, int legal, struct ent *e)
{
	char first17[18];
	int rc, tries = 0;

	memset(e, 0, sizeof(*e));
	e->city = c;
	e->ind = ind;
	e->legal = legal;
	do {
		const char *pre = chance(&g->r, 650) ? city_prefix[c] : "浙江";
		int a = (int)below(&g->r, NCHARS), b = (int)below(&g->r, NCHARS - 1);

		if (b >= a)
			b++;
		snprintf(e->name, sizeof(e->name), "%s%s%s%s%s%s", pre, name_chars[a], name_chars[b],
			 industry[c][ind][1], chance(&g->r, 200) ? "股份有限公司" : "有限公司",
			 legal ? "" : (c == 2 ? "拱墅分公司" : "分公司"));
		if (++tries > 40) {   /* crowded: add a number */
			size_t n = strlen(e->name);

			snprintf(e->name + n, sizeof(e->name) - n, "%d", (int)below(&g->r, 100000));
		}
	} while ((rc = seen_add(g, e->name)) == 0);
	if (rc < 0)
		return ldg_err_set(g->err, LDG_ENOMEM, _("out of memory"));
	do {
		const char *div = city_divs[c][below(&g->r, 3)];
		int i;

		memcpy(first17, "91", 2);
		memcpy(first17 + 2, div, 6);
		if (chance(&g->r, 600)) {
			first17[8] = 'M';
			first17[9] = 'A';
			for (i = 10; i < 17; i++)
				first17[i] = uscc_alpha[below(&g->r, 31)];
		} else {
			for (i = 8; i < 16; i++)
				first17[i] = (char)('0' + below(&g->r, 10));
			first17[16] = chance(&g->r, 100) ? 'X' : (char)('0' + below(&g->r, 10));
		}
		first17[17] = '\0';
		snprintf(e->uscc, sizeof(e->uscc), "%s%c", first17, ldg_uscc_check_char(first17));
	} while ((rc = seen_add(g, e->uscc)) == 0);
	if (rc < 0)
		return ldg_err_set(g->err, LDG_ENOMEM, _("out of memory"));
	for (rc = 0; rc < YEARS; rc++)
		e->contrib[rc] = -1;
	return 0;
}

/* Append a copy of e to the enterprises; LDG_ENOMEM when it cannot grow. */
static int push_ent(struct gen *g, const struct ent *e)
{
	if (ldg_grow((void **)&g->ents, &g->cap_ents, (size_t)g->nents + 1, sizeof(*g->ents)))
		return ldg_err_set(g->err, LDG_ENOMEM, _("out of memory"));
	g->ents[g->nents++] = *e;
	return 0;
}

/* ---- making rights ----------------------------------------------------- */

/* A new patent number (normal form ZL + 12 digits + . + check) applied
 * for before year y. */
static void new_patent(struct gen *g, int y, char *out, size_t sz)
{
	static const int types[] = { 1, 1, 1, 2, 2, 2, 2, 2, 3, 8 };
	char digits[48];  /* 12 digits: year 2011..2024, type, 7-digit serial */
	/* 2654435761 is coprime with 9 000 000: every serial differs. */
	uint64_t serial = 1000000 + (g->patent_serial++ * UINT64_C(2654435761)) % 9000000;

	snprintf(digits, sizeof(digits), "%04d%d%07llu", y - (int)range(&g->r, 1, 9),
		 types[below(&g->r, 10)], (unsigned long long)serial);
	snprintf(out, sz, "ZL%s.%c", digits, ldg_patent_check_char(digits));
}

/* Remember a patent an enterprise pledged (it may pledge it again). */
static void remember(struct ent *e, const char *right)
{
	snprintf(e->pool[e->poolnext], sizeof(e->pool[0]), "%s", right);
	e->poolnext = (e->poolnext + 1) % POOL;
	if (e->npool < POOL)
		e->npool++;
}

/* Fill loan rights from kinds ("P", "PT", ...); patents are new or, with
 * probability reuse_pm, one the enterprise pledged before. */
static void make_rights(struct gen *g, struct loan *l, struct ent *e, const char *kinds,
			int reuse_pm)
{
	int y = day_year(l->start), i;

	l->nr = 0;
	for (i = 0; kinds[i] && l->nr < MAXR; i++) {
		char *r = l->right[l->nr];
		size_t sz = sizeof(l->right[0]);

		switch (kinds[i]) {
		case 'P':
			if (e->npool && chance(&g->r, reuse_pm))
				snprintf(r, sz, "%s", e->pool[below(&g->r, e->npool)]);
			else
				new_patent(g, y, r, sz);
			l->kind[l->nr] = 0;
			break;
		case 'T':
			snprintf(r, sz, "%lld", (long long)range(&g->r, 10000000, 69999999));
			l->kind[l->nr] = 1;
			break;
		default:
			if (chance(&g->r, 700))
				snprintf(r, sz, "%dSR%07lld", y - (int)range(&g->r, 1, 6),
					 (long long)range(&g->r, 1, 1999999));
			else
				snprintf(r, sz, "浙作登字-%d-I-%08lld", y - (int)range(&g->r, 1, 6),
					 (long long)range(&g->r, 1, 99999999));
			l->kind[l->nr] = 2;
			break;
		}
		l->value[l->nr] = -1;
		l->nr++;
	}
	/* a right listed twice in one loan is a clerk's slip, not a demo case */
	for (i = 1; i < l->nr; i++) {
		int j;

		for (j = 0; j < i; j++)
			if (strcmp(l->right[i], l->right[j]) == 0) {
				new_patent(g, y, l->right[i], sizeof(l->right[0]));
				l->kind[i] = 0;
				j = -1;   /* compare the new number from the start */
			}
	}
	for (i = 0; i < l->nr; i++)
		if (l->kind[i] == 0)
			remember(e, l->right[i]);
}

/* Half-up principal × rate × days / 360 in fen (the bank's interest). */
static int64_t interest(int64_t principal, int64_t rate_ppm, int32_t days)
{
	uint64_t num = (uint64_t)principal * (uint64_t)rate_ppm * (uint64_t)days;
	uint64_t den = UINT64_C(360000000);

	return (int64_t)((num + den / 2) / den);
}

/* The fields every loan has besides its amount, dates and rights. */
static void loan_extras(struct gen *g, struct loan *l, int settled_ok)
{
	int64_t days;

	if (l->settle >= 0 && (!settled_ok || l->settle > iso_day(CUTOFF_ISO)))
		l->settle = -1;
	days = l->settle >= 0 ? l->settle - l->start : 0;
	l->paid = l->settle >= 0 ? interest(l->principal, l->rate, (int32_t)days) : -1;
	l->credit = chance(&g->r, 500)
		? (l->principal * range(&g->r, 100, 200) / 100) / (10000 * YUAN) * (10000 * YUAN)
		: -1;
	if (l->credit >= 0 && l->credit < l->principal)
		l->credit = l->principal;
	if (chance(&g->r, 960)) {
		l->reg_day = l->start - (int32_t)range(&g->r, 1, 20);
		l->reg_seq = g->reg_counter++;
	} else {
		l->reg_day = -1;
	}
}

/* Valuations for 60 % of loans: 0.5–3 times the principal, shared out. */
static void valuations(struct gen *g, struct loan *l)
{
	int i;

	if (!chance(&g->r, 600))
		return;
	for (i = 0; i < l->nr; i++)
		l->value[i] = (l->principal * range(&g->r, 50, 300) / 100 / l->nr) / (100 * YUAN) * (100 * YUAN);
}

/* A random loan of enterprise e starting on `start` for `principal` fen. */
static void bulk_loan(struct gen *g, struct loan *l, int ei, int32_t start, int64_t principal)
{
	static const char *const mixes[] = { "P", "P", "P", "P", "P", "P", "P", "P", "P", "P",
		"P", "P", "P", "P", "P", "P", "T", "T", "PT", "C" };
	struct ent *e = &g->ents[ei];
	char kinds[MAXR + 1];
	int64_t u, term;
	int n, i;

	memset(l, 0, sizeof(*l));
	l->ent = ei;
	l->start = start;
	l->principal = principal;
	u = below(&g->r, 100);
	term = u < 10 ? 6 : u < 75 ? 12 : u < 90 ? 24 : 36;
	l->maturity = add_months(start, (int)term) - (int32_t)below(&g->r, 2);
	u = below(&g->r, 1000);
	if (u < 850 || l->maturity - start < 120)
		l->settle = l->maturity;
	else if (u < 995)
		l->settle = start + 60 + (int32_t)below(&g->r, l->maturity - start - 60);
	else
		l->settle = l->maturity + (int32_t)range(&g->r, 1, 40);   /* late */
	l->overdue = l->settle > l->maturity && chance(&g->r, 500);
	l->rate = lpr_on(start) + range(&g->r, 4, 30) * 500;
	l->ip_portion = -1;
	if (chance(&g->r, 60))
		l->ip_portion = (principal * range(&g->r, 30, 70) / 100) / (1000 * YUAN) * (1000 * YUAN);
	/* kinds: mostly patents, some trademarks, a few copyrights */
	snprintf(kinds, sizeof(kinds), "%s", mixes[below(&g->r, 20)]);
	n = (int)strlen(kinds);
	u = below(&g->r, 100);
	for (i = u < 50 ? 0 : u < 80 ? 1 : u < 95 ? 2 : 3; i > 0 && n < MAXR; i--)
		kinds[n++] = kinds[0] == 'C' ? 'C' : kinds[0];
	kinds[n] = '\0';
	make_rights(g, l, e, kinds, 120);
	valuations(g, l);
	loan_extras(g, l, 1);
}

/* The loan of hand-made case s. */
static void show_loan(struct gen *g, struct loan *l, int s)
{
	const struct show_loan *sl = &show_loans[s];
	int ei = (int)g->show_first + sl->ent;
	struct ent *e = &g->ents[ei];

	memset(l, 0, sizeof(*l));
	l->ent = ei;
	l->start = iso_day(sl->start);
	l->maturity = iso_day(sl->maturity);
	l->settle = sl->settle ? iso_day(sl->settle) : -1;
	l->principal = sl->principal_yuan * YUAN;
	l->ip_portion = sl->ip_portion_yuan ? sl->ip_portion_yuan * YUAN : -1;
	l->rate = sl->rate_ppm;
	l->overdue = sl->overdue;
	l->show = 1;
	make_rights(g, l, e, sl->kinds, 0);
	if (sl->reuse && g->show_last_right[sl->ent][0])
		snprintf(l->right[0], sizeof(l->right[0]), "%s", g->show_last_right[sl->ent]);
	snprintf(g->show_last_right[sl->ent], sizeof(g->show_last_right[0]), "%s", l->right[0]);
	loan_extras(g, l, 1);
}

/* ---- writing loans ----------------------------------------------------- */

/* The text of one right as bank `lay` writes it. */
static void right_text(struct gen *g, const struct loan *l, int i, enum layout lay,
		       int tm_only, char *buf, size_t sz)
{
	const char *r = l->right[i];

	if (l->kind[i] == 0) {
		const char *d = r + 2;      /* 12 digits, '.', check */
		int v = (int)below(&g->r, 10);

		if (v < 5 || lay == LAY_A)
			snprintf(buf, sz, "%s", v < 8 ? r : d);
		else if (v < 7)
			snprintf(buf, sz, "%.12s.%c", d, d[13]);           /* no ZL */
		else if (v < 8)
			snprintf(buf, sz, "ZL %.4s %.1s %.7s.%c", d, d + 4, d + 5, d[13]);
		else if (v < 9 && d[13] != 'X')
			snprintf(buf, sz, "%.12s%c", d, d[13]);            /* no dot */
		else
			snprintf(buf, sz, "CN%s", d);
	} else if (l->kind[i] == 1) {
		if (tm_only && lay != LAY_D)
			snprintf(buf, sz, "%s", r);
		else if (below(&g->r, 2))
			snprintf(buf, sz, "第%s号", r);
		else
			snprintf(buf, sz, "TM%s", r);
	} else {
		snprintf(buf, sz, "%s", r);
	}
}

/* Separator of list cells per layout. */
static const char *list_sep(struct gen *g, enum layout lay)
{
	switch (lay) {
	case LAY_A: return below(&g->r, 2) ? "；" : "、";
	case LAY_B: return below(&g->r, 2) ? ";" : "、";
	case LAY_C: return below(&g->r, 2) ? ";" : ",";
	default: return below(&g->r, 3) ? "\n" : "；";
	}
}

/* The ip_kind cell: the kind when every right is of one kind, else "". */
static const char *kind_cell(const struct loan *l)
{
	static const char *const cn[] = { "专利权", "商标权", "著作权" };
	int i;

	for (i = 1; i < l->nr; i++)
		if (l->kind[i] != l->kind[0])
			return "";
	return cn[l->kind[0]];
}

/* An amount cell in layout lay (万元 for A, 元 styles otherwise). */
static char *amount_cell(struct gen *g, int64_t fen, enum layout lay, char *buf, size_t sz)
{
	char tmp[40];

	switch (lay) {
	case LAY_A: return fmt_wan(fen, buf, sz);
	case LAY_B: return fmt_yuan(fen, ',', buf, sz);
	case LAY_C:
		if (chance(&g->r, 150))
			return fullwidth(fmt_yuan(fen, 0, tmp, sizeof(tmp)), buf, sz);
		if (fen % 100 == 0 && chance(&g->r, 300)) {
			snprintf(buf, sz, "%lld", (long long)(fen / 100));
			return buf;
		}
		return fmt_yuan(fen, 0, buf, sz);
	default:
		fmt_yuan(fen, below(&g->r, 2) ? ' ' : 0, tmp, sizeof(tmp));
		snprintf(buf, sz, "%s%s", chance(&g->r, 300) ? "￥" : "", tmp);
		return buf;
	}
}

static const char *const head_a[] = {
	"序号", "贷款银行", "借款合同编号", "借款企业", "统一社会信用代码", "所在县市区",
	"贷款金额（万元）", "是否组合贷款", "知识产权质押部分金额（万元）", "执行年利率", "放款日期",
	"到期日期", "结清日期", "是否逾期", "实付利息（元）", "质押物类型", "质押知识产权",
	"评估价值（万元）", "质押登记号", "质押登记日期", "授信额度（万元）",
};
static const char *const head_b[] = {
	"银行名称", "合同编号", "企业名称", "信用代码", "地区", "放款金额(元)", "组合贷款",
	"知识产权质押金额(元)", "利率", "贷款发放日", "到期日", "实际还款日期", "是否逾期",
	"已付利息(元)", "知识产权类型", "质押物编号", "评估价值(元)", "质押登记号", "登记日期",
	"授信金额(元)",
};
static const char *const head_c[] = {
	"bank", "contract_no", "enterprise", "uscc", "city", "principal_yuan", "combined",
	"ip_portion", "rate", "start_date", "maturity_date", "settle_date", "overdue",
	"interest_paid", "ip_kind", "ip_rights", "ip_values", "registration_no",
	"registration_date", "credit_line",
};
static const char *const head_d[] = {
	"放款机构", "贷款合同号", "出质人", "统一社会信用代码", "地区", "借款金额(元)", "组合贷款",
	"知识产权质押金额(元)", "年利率", "起始日期", "到期日", "结清日期", "是否逾期",
	"实付利息(元)", "知识产权类型", "质押物编号", "评估价值(元)", "质押登记号",
	"质押登记日期", "授信金额(元)", "", "",
};

struct bankfile {
	struct wout w;
	char path[1024];
	long rows;
	int64_t total;          /* principal, fen, for the total row */
	int seq[YEARS + 1];     /* contract numbers per start year */
	int fileno;             /* index in the manifest */
};

/* Open bank b's file and write what comes above its table. */
static int bank_open(struct gen *g, int b, struct bankfile *bf)
{
	const struct bank *bk = &banks[b];
	char note[256];
	const char *f[22];
	int i, rc;

	snprintf(bf->path, sizeof(bf->path), "%s/files/loans/bank%02d_%c.csv", g->dir, b + 1,
		 'A' + bk->layout);
	switch (bk->layout) {
	case LAY_A:
		if ((rc = wopen(&bf->w, bf->path, 1, 0, "\r\n", g->err)))
			return rc;
		for (i = 0; i < 21; i++)
			f[i] = "";
		snprintf(note, sizeof(note), "%s知识产权质押贷款明细表", bk->name);
		f[0] = note;
		wrow(&bf->w, 21, f);
		snprintf(note, sizeof(note), "填报单位：%s", bk->name);
		f[19] = "单位：万元";
		wrow(&bf->w, 21, f);
		wrow(&bf->w, 21, head_a);
		break;
	case LAY_B:
		if ((rc = wopen(&bf->w, bf->path, 0, 1, "\n", g->err)))
			return rc;
		wrow(&bf->w, 20, head_b);
		break;
	case LAY_C:
		if ((rc = wopen(&bf->w, bf->path, 0, 0, "\r\n", g->err)))
			return rc;
		wrow(&bf->w, 20, head_c);
		break;
	default:
		if ((rc = wopen(&bf->w, bf->path, 1, 0, "\n", g->err)))
			return rc;
		for (i = 0; i < 22; i++)
			f[i] = "";
		f[0] = "注：本表由银行按季度报送，金额单位为元，利率为年利率。";
		wrow(&bf->w, 22, f);
		wrow(&bf->w, 22, head_d);
		break;
	}
	return 0;
}

/* The contract number of the n-th loan of year y at bank b. */
static void contract_no(int b, int y, int n, char *buf, size_t sz)
{
	const struct bank *bk = &banks[b];

	switch (bk->layout) {
	case LAY_A: snprintf(buf, sz, "%d年%s字第%04d号", y, bk->abbr, n); break;
	case LAY_B: snprintf(buf, sz, "%s-%d-ZY-%05d", bk->abbr, y, n); break;
	case LAY_C: snprintf(buf, sz, "(%s)%d-%04d", bk->abbr, y, n); break;
	default: snprintf(buf, sz, "%s%dZQ%04d", bk->abbr, y, n); break;
	}
}

/* Write one loan row into its bank's file. */
static void write_loan(struct gen *g, struct bankfile *bf, const struct loan *l)
{
	const struct bank *bk = &banks[l->bank];
	const struct ent *e = &g->ents[l->ent];
	enum layout lay = bk->layout;
	char seq[16], contract[96], uscc[20], principal[64], portion[64], rate[32];
	char start[32], mat[32], settle[32], paid[64], rights[512], values[512];
	char regno[32], regdate[32], credit[64];
	const char *yes, *no, *f[22];
	enum dstyle ds;
	int i, y = day_year(l->start), tm_only = 1, nf = 0;
	size_t o;

	switch (lay) {
	case LAY_A: yes = "是"; no = "否"; ds = D_CN; break;
	case LAY_B: yes = "Y"; no = "N"; ds = D_SLASH; break;
	case LAY_C: yes = "TRUE"; no = "FALSE"; ds = D_SERIAL; break;
	default: yes = "✓"; no = ""; ds = below(&g->r, 2) ? D_DOT : D_COMPACT; break;
	}
	bf->rows++;
	bf->total += l->principal;
	snprintf(seq, sizeof(seq), "%ld", bf->rows);
	contract_no(l->bank, y, ++bf->seq[y < YEAR0 ? 0 : y - YEAR0 + 1], contract, sizeof(contract));
	snprintf(uscc, sizeof(uscc), "%s", e->uscc);
	if (lay == LAY_D && chance(&g->r, 100))
		for (i = 0; uscc[i]; i++)
			if (uscc[i] >= 'A' && uscc[i] <= 'Z')
				uscc[i] = (char)(uscc[i] - 'A' + 'a');
	amount_cell(g, l->principal, lay, principal, sizeof(principal));
	portion[0] = '\0';
	if (l->ip_portion >= 0)
		amount_cell(g, l->ip_portion, lay, portion, sizeof(portion));
	fmt_rate(l->rate, lay == LAY_A ? 1 : lay == LAY_B ? 0 : lay == LAY_C ? 2
		 : (below(&g->r, 2) ? 1 : 2), rate, sizeof(rate));
	fmt_date(l->start, ds, start, sizeof(start));
	fmt_date(l->maturity, ds, mat, sizeof(mat));
	settle[0] = paid[0] = '\0';
	if (l->settle >= 0)
		fmt_date(l->settle, ds, settle, sizeof(settle));
	if (l->paid >= 0 && (l->show || chance(&g->r, 950))) {
		if (lay == LAY_A)
			fmt_yuan(l->paid, 0, paid, sizeof(paid));
		else
			amount_cell(g, l->paid, lay, paid, sizeof(paid));
	}
	for (i = 0; i < l->nr; i++)
		tm_only &= l->kind[i] == 1;
	{
		const char *sep = list_sep(g, lay);

		rights[0] = values[0] = '\0';
		for (i = 0, o = 0; i < l->nr; i++) {
			char one[96];

			right_text(g, l, i, lay, tm_only, one, sizeof(one));
			o += (size_t)snprintf(rights + o, sizeof(rights) - o, "%s%s", i ? sep : "", one);
		}
		if (l->value[0] >= 0) {
			for (i = 0, o = 0; i < l->nr; i++) {
				char one[64];

				if (lay == LAY_A)
					fmt_wan(l->value[i], one, sizeof(one));
				else
					fmt_yuan(l->value[i], 0, one, sizeof(one));
				o += (size_t)snprintf(values + o, sizeof(values) - o, "%s%s",
						      i ? (lay == LAY_D ? "；" : ";") : "", one);
			}
		}
	}
	regno[0] = regdate[0] = '\0';
	if (l->reg_day >= 0) {
		snprintf(regno, sizeof(regno), "%d%.4s%07lld", day_year(l->reg_day),
			 cli_demo_city_code[e->city], (long long)((l->reg_seq * 7919 + 17) % 10000000));
		fmt_date(l->reg_day, lay == LAY_D ? D_COMPACT : ds, regdate, sizeof(regdate));
	}
	credit[0] = '\0';
	if (l->credit >= 0)
		amount_cell(g, l->credit, lay, credit, sizeof(credit));

	if (lay == LAY_A)
		f[nf++] = seq;
	f[nf++] = bk->name;
	f[nf++] = contract;
	f[nf++] = e->name;
	f[nf++] = uscc;
	f[nf++] = cli_demo_city_name[e->city];
	f[nf++] = principal;
	f[nf++] = l->ip_portion >= 0 ? yes : no;
	f[nf++] = portion;
	f[nf++] = rate;
	f[nf++] = start;
	f[nf++] = mat;
	f[nf++] = settle;
	f[nf++] = l->overdue ? yes : no;
	f[nf++] = paid;
	f[nf++] = kind_cell(l);
	f[nf++] = rights;
	f[nf++] = values;
	f[nf++] = regno;
	f[nf++] = regdate;
	f[nf++] = credit;
	if (lay == LAY_D) {
		f[nf++] = "";
		f[nf++] = "";
	}
	wrow(&bf->w, nf, f);
	if (lay == LAY_D && chance(&g->r, 20))
		wend(&bf->w);     /* a blank line */
}

/* Write the total row and close a bank's file. */
static int bank_close(struct gen *g, int b, struct bankfile *bf)
{
	const char *f[22];
	char total[64];
	int i;

	for (i = 0; i < 22; i++)
		f[i] = "";
	switch (banks[b].layout) {
	case LAY_A:
		f[0] = "合计";
		f[6] = fmt_wan(bf->total, total, sizeof(total));
		wrow(&bf->w, 21, f);
		break;
	case LAY_C:
		f[0] = "合计";
		f[5] = fmt_yuan(bf->total, 0, total, sizeof(total));
		wrow(&bf->w, 20, f);
		break;
	case LAY_D:
		wend(&bf->w);
		f[1] = "总计";
		f[5] = fmt_yuan(bf->total, 0, total, sizeof(total));
		wrow(&bf->w, 22, f);
		break;
	default:
		break;
	}
	return wclose(&bf->w, g->err);
}

/* qsort order of loans: start date, then enterprise (stable across libcs). */
static int cmp_start(const void *a, const void *b)
{
	const struct loan *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->ent < y->ent ? -1 : x->ent > y->ent;
}

/* Choose an enterprise of city c by borrowing weight. */
static int pick_ent(struct gen *g, int c)
{
	long lo = g->city_first[c], hi = lo + g->city_count[c] - 1;
	int64_t total = g->cum[hi], x = below(&g->r, total);

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (g->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (int)lo;
}

/* Pick one of city c's banks by weight. */
static int pick_bank(struct gen *g, int c)
{
	int b, total = 0, x;

	for (b = 0; b < NBANKS; b++)
		if (banks[b].city == c)
			total += banks[b].weight;
	x = (int)below(&g->r, total);
	for (b = 0; b < NBANKS; b++) {
		if (banks[b].city != c)
			continue;
		if (x < banks[b].weight)
			return b;
		x -= banks[b].weight;
	}
	return 0;
}

/*
 * Loans of every city: per city-year, `count` loans whose principals add up
 * to the year's budget (scaled by loans / DEMO_DEFAULT_LOANS), plus the
 * hand-made ones started that year; sorted by start date and written to
 * their banks' files.
 */
static int gen_loans(struct gen *g, long counts[DEMO_CITY_COUNT][YEARS], long nloans)
{
	struct bankfile *bf = NULL;
	struct loan *ls = NULL;
	int64_t *factor = NULL;
	long maxn = NSHOWLOANS + 1, c, y, i;
	int rc = 0, b;

	for (c = 0; c < DEMO_CITY_COUNT; c++)
		for (y = 0; y < YEARS; y++)
			if (counts[c][y] + NSHOWLOANS + 1 > maxn)
				maxn = counts[c][y] + NSHOWLOANS + 1;
	bf = calloc(NBANKS, sizeof(*bf));
	ls = calloc((size_t)maxn, sizeof(*ls));
	factor = calloc((size_t)maxn, sizeof(*factor));
	if (!bf || !ls || !factor) {
		rc = ldg_err_set(g->err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	for (b = 0; b < NBANKS; b++) {
		bf[b].w.f = NULL;
		bf[b].w.cd = (iconv_t)-1;
	}
	for (b = 0; b < NBANKS; b++)
		if ((rc = bank_open(g, b, &bf[b])))
			goto out;
	for (c = 0; c < DEMO_CITY_COUNT; c++) {
		for (y = 0; y < YEARS; y++) {
			long n = counts[c][y], k = 0;
			int32_t y0 = ymd_day((int)(YEAR0 + y), 1, 1);
			int32_t ndays = ymd_day((int)(YEAR0 + y + 1), 1, 1) - y0;
			/* the year's lending: budget × loans / default, in fen */
			int64_t sum = budget[c][y] * INT64_C(100000000) / DEMO_DEFAULT_LOANS * nloans;
			int64_t ftotal = 0;

			for (i = 0; i < n; i++) {
				int64_t u = below(&g->r, 1000);

				factor[i] = u < 500 ? range(&g->r, 100, 600) : u < 800 ? range(&g->r, 600, 1500)
					: u < 950 ? range(&g->r, 1500, 3000) : range(&g->r, 3000, 6000);
				ftotal += factor[i];
			}
			for (i = 0; i < n; i++) {
				/* sum <= 4.5e14 fen at 10^7 loans, factor <= 6000: fits */
				int64_t p = (int64_t)((uint64_t)sum * (uint64_t)factor[i] / (uint64_t)ftotal);

				p = p / (1000 * YUAN) * (1000 * YUAN);
				if (p < 100000 * YUAN)
					p = 100000 * YUAN;
				bulk_loan(g, &ls[k], pick_ent(g, (int)c), y0 + (int32_t)below(&g->r, ndays), p);
				ls[k].bank = pick_bank(g, (int)c);
				k++;
			}
			for (i = 0; i < NSHOWLOANS; i++) {
				const struct show_loan *sl = &show_loans[i];
				int sy = (sl->start[0] - '0') * 1000 + (sl->start[1] - '0') * 100
					 + (sl->start[2] - '0') * 10 + (sl->start[3] - '0');

				if (show_ents[sl->ent].city != c || (sy < YEAR0 ? YEAR0 : sy) != YEAR0 + y)
					continue;
				show_loan(g, &ls[k], (int)i);
				ls[k].bank = pick_bank(g, (int)c);
				k++;
			}
			qsort(ls, (size_t)k, sizeof(*ls), cmp_start);
			for (i = 0; i < k; i++) {
				write_loan(g, &bf[ls[i].bank], &ls[i]);
				g->m->city_loans[c]++;
				g->m->loans++;
			}
		}
	}
	for (b = 0; b < NBANKS; b++) {
		struct cli_demo_file *df = &g->m->files[g->m->nfiles++];

		rc = bank_close(g, b, &bf[b]);
		snprintf(df->kind, sizeof(df->kind), "loans");
		snprintf(df->path, sizeof(df->path), "%s", bf[b].path);
		snprintf(df->sender, sizeof(df->sender), "%s", banks[b].name);
		snprintf(df->layout, sizeof(df->layout), "%s", layout_text[banks[b].layout]);
		df->city = banks[b].city;
		df->rows = bf[b].rows;
		if (rc)
			goto out;
	}
out:
	if (rc && bf)
		for (b = 0; b < NBANKS; b++)
			if (bf[b].w.f)
				wclose(&bf[b].w, NULL);
	free(bf);
	free(ls);
	free(factor);
	return rc;
}

/* ---- policies ------------------------------------------------------------ */

/*
 * Two insurers' files: about one policy per ten loans (at least ten), paid
 * 2021–2025, plus the four 2023 policies of the premium-cap case.  人保 in
 * UTF-8 with BOM and CRLF (coverage in 万元), 太平洋 in GB18030 with a title
 * line and dates written 2024年1月5日.  Returns 0 or LDG_EIO.
 */
static int gen_policies(struct gen *g, long nloans)
{
	static const char *const head1[] = {
		"保险公司", "保单号", "统一社会信用代码", "企业名称", "所属地区", "险种", "被保险专利",
		"保费（元）", "保费缴纳日期", "保险起期", "保险止期", "保险金额（万元）",
	};
	static const char *const head2[] = {
		"保险公司", "保单号", "统一社会信用代码", "企业名称", "所属地区", "险种", "被保险专利",
		"保费(元)", "保费缴纳日期", "保险起期", "保险止期", "保险金额(元)",
	};
	static const char *const insurer[2] = {
		"中国人民财产保险股份有限公司", "中国太平洋财产保险股份有限公司",
	};
	struct wout w[2];
	char path[2][1024];
	long n = nloans / 10 < 10 ? 10 : nloans / 10, i, rows[2] = { 0, 0 };
	long nshow = (long)(sizeof(show_premiums_yuan) / sizeof(show_premiums_yuan[0]));
	int seq[2][YEARS] = { { 0 } }, k, rc;
	const char *f[12];

	for (k = 0; k < 2; k++) {
		snprintf(path[k], sizeof(path[k]), "%s/files/policies/insurer%d_%s.csv", g->dir, k + 1,
			 k ? "gb18030" : "utf8bom");
		w[k].f = NULL;
	}
	if ((rc = wopen(&w[0], path[0], 0, 1, "\r\n", g->err)))
		return rc;
	if ((rc = wopen(&w[1], path[1], 1, 0, "\n", g->err))) {
		wclose(&w[0], NULL);
		return rc;
	}
	wrow(&w[0], 12, head1);
	for (k = 0; k < 12; k++)
		f[k] = "";
	f[0] = "中国太平洋财产保险股份有限公司知识产权保险承保清单";
	wrow(&w[1], 12, f);
	wrow(&w[1], 12, head2);
	for (i = 0; i < n + nshow; i++) {
		char no[64], premium[64], paid[32], from[32], to[32], cover[64], ins[128];
		int show = i >= n, ei, y;
		struct ent *e;
		int32_t pday, sday;
		int64_t prem;
		enum dstyle ds;

		if (show) {
			ei = (int)g->show_first + 5;
			y = 2023;
			pday = ymd_day(2023, 3 + (int)(i - n) * 2, 10 + (int)(i - n));
			prem = show_premiums_yuan[i - n] * YUAN;
		} else {
			int c = (int)below(&g->r, DEMO_CITY_COUNT);

			ei = pick_ent(g, c);
			y = YEAR0 + (int)below(&g->r, YEARS);
			pday = ymd_day(y, 1, 1) + (int32_t)below(&g->r, 365);
			prem = range(&g->r, 3000, 40000) * YUAN + below(&g->r, 4) * 25;
		}
		e = &g->ents[ei];
		k = (int)(i % 2);
		ds = k ? D_CN : D_ISO;
		sday = pday + (int32_t)below(&g->r, 8);
		if (k == 0)
			snprintf(no, sizeof(no), "PEAA%d%.4s%08d", y, cli_demo_city_code[e->city],
				 ++seq[0][y - YEAR0]);
		else
			snprintf(no, sizeof(no), "ACHZ%dE%07d", y, ++seq[1][y - YEAR0]);
		if (e->npool && chance(&g->r, 500))
			snprintf(ins, sizeof(ins), "%s", e->pool[below(&g->r, e->npool)]);
		else
			new_patent(g, y, ins, sizeof(ins));
		fmt_yuan(prem, 0, premium, sizeof(premium));
		fmt_date(pday, ds, paid, sizeof(paid));
		fmt_date(sday, ds, from, sizeof(from));
		fmt_date(add_months(sday, 12) - 1, ds, to, sizeof(to));
		if (k == 0)
			fmt_wan(prem * range(&g->r, 20, 60) / (100 * YUAN) * (100 * YUAN), cover, sizeof(cover));
		else
			fmt_yuan(prem * range(&g->r, 20, 60), 0, cover, sizeof(cover));
		f[0] = insurer[k];
		f[1] = no;
		f[2] = e->uscc;
		f[3] = e->name;
		f[4] = cli_demo_city_name[e->city];
		f[5] = products[below(&g->r, 3)];
		f[6] = ins;
		f[7] = premium;
		f[8] = paid;
		f[9] = from;
		f[10] = to;
		f[11] = cover;
		wrow(&w[k], 12, f);
		rows[k]++;
	}
	rc = wclose(&w[0], g->err);
	if (wclose(&w[1], g->err) && !rc)
		rc = g->err ? g->err->code : LDG_EIO;
	for (k = 0; k < 2; k++) {
		struct cli_demo_file *df = &g->m->files[g->m->nfiles++];

		snprintf(df->kind, sizeof(df->kind), "policies");
		snprintf(df->path, sizeof(df->path), "%s", path[k]);
		snprintf(df->sender, sizeof(df->sender), "%s", insurer[k]);
		snprintf(df->layout, sizeof(df->layout), "%s",
			 k ? "GB18030, title line, 2024年1月5日" : "UTF-8 with BOM, CRLF, 万元 coverage");
		df->city = -1;
		df->rows = rows[k];
		g->m->policies += rows[k];
	}
	return rc;
}

/* ---- enterprises, contributions, bars ------------------------------------ */

static struct cli_demo_file *add_file(struct gen *g, const char *kind, const char *name,
				  const char *layout)
{
	struct cli_demo_file *df = &g->m->files[g->m->nfiles++];

	snprintf(df->kind, sizeof(df->kind), "%s", kind);
	snprintf(df->path, sizeof(df->path), "%s/files/%s", g->dir, name);
	snprintf(df->layout, sizeof(df->layout), "%s", layout);
	df->city = -1;
	return df;
}

/* The register: every enterprise, UTF-8 without BOM, LF. */
static int gen_enterprises_file(struct gen *g, struct cli_demo_file *df)
{
	static const char *const head[] = {
		"统一社会信用代码", "企业名称", "所属地区", "所属行业", "是否独立法人",
	};
	struct wout w;
	long i;
	int rc;

	if ((rc = wopen(&w, df->path, 0, 0, "\n", g->err)))
		return rc;
	wrow(&w, 5, head);
	for (i = 0; i < g->nents; i++) {
		const struct ent *e = &g->ents[i];
		const char *f[5] = { e->uscc, e->name, cli_demo_city_name[e->city],
				     industry[e->city][e->ind][0], e->legal ? "是" : "否" };

		wrow(&w, 5, f);
		df->rows++;
	}
	g->m->enterprises = df->rows;
	return wclose(&w, g->err);
}

/* The tax side's sheet: every enterprise and year 2021–2025, GB18030,
 * CRLF, a title line, a 序号 column, 万元 and years written 2023年度. */
static int gen_contributions_file(struct gen *g, struct cli_demo_file *df)
{
	static const char *const head[] = {
		"序号", "统一社会信用代码", "企业名称", "年度", "地方综合贡献额（万元）",
	};
	const char *f[5] = { "2021—2025年度企业地方综合贡献额汇总表", "", "", "", "" };
	struct wout w;
	long i;
	int y, rc;

	if ((rc = wopen(&w, df->path, 1, 0, "\r\n", g->err)))
		return rc;
	wrow(&w, 5, f);
	wrow(&w, 5, head);
	for (i = 0; i < g->nents; i++) {
		struct ent *e = &g->ents[i];

		for (y = 0; y < YEARS; y++) {
			char seq[24], year[24], amount[64];
			int64_t v = e->contrib[y];

			if (v < 0) {
				int64_t u = below(&g->r, 1000);

				v = u < 800 ? range(&g->r, 10000, 80000) * 100 * YUAN
				  : u < 950 ? range(&g->r, 50, 800) * 100 * YUAN : 0;
			}
			snprintf(seq, sizeof(seq), "%ld", df->rows + 1);
			snprintf(year, sizeof(year), "%d年度", YEAR0 + y);
			f[0] = seq;
			f[1] = e->uscc;
			f[2] = e->name;
			f[3] = year;
			f[4] = fmt_wan(v, amount, sizeof(amount));
			wrow(&w, 5, f);
			df->rows++;
		}
	}
	g->m->contributions = df->rows;
	return wclose(&w, g->err);
}

/* The bar list: UTF-8, one row per (enterprise, year) barred. */
static int gen_bars_file(struct gen *g, struct cli_demo_file *df)
{
	static const char *const head[] = { "统一社会信用代码", "企业名称", "年度", "原因" };
	struct wout w;
	long i;
	int rc;

	if ((rc = wopen(&w, df->path, 0, 0, "\n", g->err)))
		return rc;
	wrow(&w, 4, head);
	for (i = 0; i < g->nents; i++) {
		const struct ent *e = &g->ents[i];
		char year[8];
		const char *f[4] = { e->uscc, e->name, year, e->bar_reason };

		if (!e->bar_year)
			continue;
		snprintf(year, sizeof(year), "%d", e->bar_year);
		wrow(&w, 4, f);
		df->rows++;
	}
	g->m->bars = df->rows;
	return wclose(&w, g->err);
}

/*
 * The payee accounts from the application forms (import.md §2 accounts):
 * every enterprise, UTF-8 with a BOM, headers as the forms word them
 * (收款单位全称, 开户行, 银行账号), numbers written in groups of four with
 * spaces as people copy them.  Drawn after every other file, so adding it
 * changed none of them.
 */
static int gen_accounts_file(struct gen *g, struct cli_demo_file *df)
{
	static const char *const head[] = { "统一社会信用代码", "收款单位全称", "开户行", "银行账号" };
	static const char *const payee_banks[] = {
		"中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "浙江农商银行",
	};
	struct wout w;
	long i;
	int rc, k;

	if ((rc = wopen(&w, df->path, 0, 1, "\n", g->err)))
		return rc;
	wrow(&w, 4, head);
	for (i = 0; i < g->nents; i++) {
		const struct ent *e = &g->ents[i];
		char bank[160], no[40];
		const char *f[4] = { e->uscc, e->name, bank, no };
		size_t o;

		snprintf(bank, sizeof(bank), "%s%s支行", payee_banks[below(&g->r, 5)],
			 cli_demo_city_name[e->city]);
		/* 19 digits, 6228 then 15 drawn, spaced 4-4-4-4-3 */
		o = (size_t)snprintf(no, sizeof(no), "6228");
		for (k = 0; k < 15; k++)
			o += (size_t)snprintf(no + o, sizeof(no) - o, "%s%d", k % 4 == 0 ? " " : "",
					      (int)below(&g->r, 10));
		wrow(&w, 4, f);
		df->rows++;
	}
	return wclose(&w, g->err);
}

/* mkdir that accepts an existing directory. */
static int make_dir(const char *path, struct ldg_err *err)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return ldg_err_set(err, LDG_EIO, _("cannot create directory '%s': %s"), path,
				   strerror(errno));
	return 0;
}

/* See demo_gen.h. */
int cli_demo_generate(const char *dir, long loans, uint64_t seed, struct cli_demo_manifest *m,
		  struct ldg_err *err)
{
	long counts[DEMO_CITY_COUNT][YEARS], c, y, i;
	int64_t total = 0, cum = 0, done = 0;
	struct cli_demo_file *fe, *fc, *fb, *fa;
	char path[1024];
	struct gen g;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&g, 0, sizeof(g));
	g.r.s = seed;
	g.dir = dir;
	g.err = err;
	g.m = m;
	if (loans < 0)
		loans = 0;
	snprintf(path, sizeof(path), "%s/files", dir);
	if ((rc = make_dir(path, err)))
		return rc;
	snprintf(path, sizeof(path), "%s/files/loans", dir);
	if ((rc = make_dir(path, err)))
		return rc;
	snprintf(path, sizeof(path), "%s/files/policies", dir);
	if ((rc = make_dir(path, err)))
		return rc;

	/* loans per city-year in proportion to the budgets (exact total) */
	for (c = 0; c < DEMO_CITY_COUNT; c++)
		for (y = 0; y < YEARS; y++)
			total += budget[c][y];
	for (c = 0; c < DEMO_CITY_COUNT; c++) {
		for (y = 0; y < YEARS; y++) {
			int64_t next;

			cum += budget[c][y];
			next = cum * loans / total;
			counts[c][y] = (long)(next - done);
			done = next;
		}
	}

	/* enterprises: about one per four loans of the city, at least six */
	for (c = 0; c < DEMO_CITY_COUNT; c++) {
		long nc = 0;

		for (y = 0; y < YEARS; y++)
			nc += counts[c][y];
		nc = nc / 4 < 6 ? 6 : nc / 4;
		g.city_first[c] = g.nents;
		g.city_count[c] = nc;
		for (i = 0; i < nc; i++) {
			struct ent e;

			if ((rc = make_ent(&g, (int)c, (int)below(&g.r, NIND), 1, &e)))
				goto out;
			e.weight = (int)(chance(&g.r, 150) ? range(&g.r, 6, 12) : range(&g.r, 1, 4));
			if ((rc = push_ent(&g, &e)))
				goto out;
		}
	}
	g.show_first = g.nents;
	for (i = 0; i < NSHOW; i++) {
		const struct show_ent *s = &show_ents[i];
		struct ent e;

		if ((rc = make_ent(&g, s->city, s->ind, s->legal, &e)))
			goto out;
		e.contrib[2] = s->c2023 < 0 ? AMPLE : s->c2023;
		e.contrib[3] = s->c2024 < 0 ? AMPLE : s->c2024;
		e.bar_year = s->bar_year;
		e.bar_reason = s->bar_reason;
		if ((rc = push_ent(&g, &e)))
			goto out;
	}
	if (!(g.cum = malloc((size_t)g.nents * sizeof(*g.cum)))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	for (c = 0; c < DEMO_CITY_COUNT; c++) {
		int64_t s = 0;

		for (i = g.city_first[c]; i < g.city_first[c] + g.city_count[c]; i++)
			g.cum[i] = (s += g.ents[i].weight);
	}

	/* import order: enterprises, loans, policies, contributions, bars */
	fe = add_file(&g, "enterprises", "enterprises.csv", "UTF-8, LF");
	if ((rc = gen_loans(&g, counts, loans)))
		goto out;
	if ((rc = gen_policies(&g, loans)))
		goto out;
	fc = add_file(&g, "contributions", "contributions.csv",
		      "GB18030, CRLF, title line, 万元, 2023年度");
	fb = add_file(&g, "bars", "bars.csv", "UTF-8, LF");
	fa = add_file(&g, "accounts", "accounts.csv", "UTF-8 with BOM, LF, 收款单位全称");
	if ((rc = gen_contributions_file(&g, fc)))
		goto out;
	if ((rc = gen_enterprises_file(&g, fe)))
		goto out;
	if ((rc = gen_bars_file(&g, fb)))
		goto out;
	rc = gen_accounts_file(&g, fa);
out:
	free(g.ents);
	free(g.cum);
	seen_free(&g);
	return rc;
}
