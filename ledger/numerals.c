/*
 * numerals.c — amounts in Chinese capital numerals (大写金额, domain.md §5).
 *
 * The integer part is written in sections of four digits (个, 万, 亿, and
 * 万亿 as 万 … 亿).  Zeros follow the PBoC rules as domain.md §5 reads them:
 *   - leading and trailing zeros of the yuan are not written;
 *   - a run of zeros inside a section gives one 零 (1 409 → 壹仟肆佰零玖);
 *   - a lower section below 1000 (it starts with a zero) after a higher,
 *     non-zero part gives one 零 (1 000 100 → 壹佰万零壹佰), also when the
 *     higher part ends in zeros; a section of 1000 or more gets none
 *     (107 000 → 壹拾万柒仟, the table's row);
 *   - 零 after 元 when the yuan end in 0 and 角 is not 0 (1 680.32 →
 *     壹仟陆佰捌拾元零叁角贰分), or when 角 is 0 and 分 is not (325.04 →
 *     叁佰贰拾伍元零肆分);
 *   - no yuan part at all below one yuan (0.05 → 伍分);
 *   - 整 only after 元 (0.50 → 伍角, 1 409.50 → …元伍角).
 * 壹拾 always keeps its 壹.
 */
#include <string.h>

#include "ledger/money.h"
#include "ledger/numerals.h"

static const char *const DIGIT[10] = {
	"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};
static const char *const PLACE[4] = { "", "拾", "佰", "仟" };

/* Output under construction: a failed append marks it as overflowed. */
struct out {
	char *buf;     /* the caller's buffer */
	size_t size;   /* its size */
	size_t len;    /* bytes written, excluding the NUL */
	int overflow;  /* 1 once something did not fit */
};

/* Append s, keeping buf NUL-terminated; sets overflow when it does not fit. */
static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->overflow || o->len + n >= o->size) {
		o->overflow = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
}

/* One section, 1..9999: inner zero runs give one 零, trailing zeros none. */
static void put_section(struct out *o, unsigned v)
{
	static const unsigned pow10[4] = { 1, 10, 100, 1000 };
	int i, zero = 0, started = 0;

	for (i = 3; i >= 0; i--) {
		unsigned dgt = v / pow10[i] % 10;

		if (dgt == 0) {
			if (started)
				zero = 1;
			continue;
		}
		if (zero)
			put(o, "零");
		zero = 0;
		started = 1;
		put(o, DIGIT[dgt]);
		put(o, PLACE[i]);
	}
}

/*
 * n >= 1 yuan: the high part (above 10^8, itself written with 万 when it
 * is large), 亿, then the low part; the same split at 10^4 with 万.
 */
static void put_yuan(struct out *o, uint64_t n)
{
	uint64_t hi, lo;

	if (n >= 100000000) {
		hi = n / 100000000;
		lo = n % 100000000;
		put_yuan(o, hi);
		put(o, "亿");
		if (lo == 0)
			return;
		if (lo < 10000000)
			put(o, "零");
		put_yuan(o, lo);
	} else if (n >= 10000) {
		hi = n / 10000;
		lo = n % 10000;
		put_section(o, (unsigned)hi);
		put(o, "万");
		if (lo == 0)
			return;
		if (lo < 1000)
			put(o, "零");
		put_section(o, (unsigned)lo);
	} else {
		put_section(o, (unsigned)n);
	}
}

/* domain.md §5.  Amounts above LDG_FEN_MAX are refused (-1) too. */
int ldg_numerals(int64_t fen, int prefix, char *buf, size_t bufsz)
{
	struct out o = { buf, bufsz, 0, 0 };
	uint64_t yuan;
	unsigned jiao, fen1;

	if (!buf || bufsz == 0 || fen < 0 || fen > LDG_FEN_MAX)
		return -1;
	buf[0] = '\0';
	yuan = (uint64_t)fen / 100;
	jiao = (unsigned)(fen / 10 % 10);
	fen1 = (unsigned)(fen % 10);
	if (prefix)
		put(&o, "人民币");
	if (yuan == 0 && jiao == 0 && fen1 == 0) {
		put(&o, "零元整");
	} else if (yuan == 0) {
		if (jiao) {
			put(&o, DIGIT[jiao]);
			put(&o, "角");
		}
		if (fen1) {
			put(&o, DIGIT[fen1]);
			put(&o, "分");
		}
	} else {
		put_yuan(&o, yuan);
		put(&o, "元");
		if (jiao == 0 && fen1 == 0) {
			put(&o, "整");
		} else if (jiao == 0) {
			put(&o, "零");
			put(&o, DIGIT[fen1]);
			put(&o, "分");
		} else {
			if (yuan % 10 == 0)
				put(&o, "零");
			put(&o, DIGIT[jiao]);
			put(&o, "角");
			if (fen1) {
				put(&o, DIGIT[fen1]);
				put(&o, "分");
			}
		}
	}
	if (o.overflow) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}
