/*
 * biff.c — see biff.h.  Layouts: [MS-CFB] (compound file) and [MS-XLS]
 * 2.4.28 BoundSheet8, 2.4.127 Formula, 2.4.24 BoolErr.
 */
#include <stdlib.h>
#include <string.h>

#include "import/biff.h"
#include "import/csvread.h"
#include "ledger/grow.h"

#define ENDOFCHAIN 0xFFFFFFFEu

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

struct cfb {
	const unsigned char *f;
	size_t n, ss;            /* file, sector size */
	uint32_t *fat;
	size_t nfat;             /* entries */
};

/* Offset of sector s, or 0 when it is outside the file. */
static size_t sect(const struct cfb *c, uint32_t s)
{
	size_t off = ((size_t)s + 1) * c->ss;

	if (s >= 0xFFFFFFFAu || off + c->ss > c->n || off / c->ss != (size_t)s + 1)
		return 0;
	return off;
}

/*
 * Follow a chain from start in table tab (ntab entries) of units of unit
 * bytes taken from base (nbase bytes; base NULL: the file's sectors),
 * appending up to max bytes to a malloc'd buffer.  Chains longer than the
 * units that exist are loops: refused.
 */
static unsigned char *chain(const struct cfb *c, const uint32_t *tab, size_t ntab,
			    const unsigned char *base, size_t nbase, size_t unit, uint32_t start,
			    size_t max, size_t *len)
{
	size_t cap = 0, n = 0, steps = 0, limit = (base ? nbase : c->n) / unit + 1;
	unsigned char *out = NULL;
	uint32_t s = start;

	while (s != ENDOFCHAIN && n < max) {
		const unsigned char *src;

		if (++steps > limit || s >= ntab)
			goto fail;
		if (base) {
			if (((size_t)s + 1) * unit > nbase)
				goto fail;
			src = base + (size_t)s * unit;
		} else {
			size_t off = sect(c, s);

			if (!off)
				goto fail;
			src = c->f + off;
		}
		if (ldg_grow((void **)&out, &cap, n + unit, 1))
			goto fail;
		memcpy(out + n, src, unit);
		n += unit;
		s = tab[s];
	}
	*len = n < max ? n : max;
	if (!out)
		out = malloc(1);
	return out;
fail:
	free(out);
	return NULL;
}

/* imp_biff_open: see biff.h. */
int imp_biff_open(const unsigned char *f, size_t n, struct imp_biff *b)
{
	static const unsigned char magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	struct cfb c = { f, n, 0, NULL, 0 };
	unsigned char *dir = NULL, *mini = NULL, *minifat = NULL, *st = NULL;
	uint32_t *fatsec = NULL;
	size_t dirlen = 0, minilen = 0, mflen = 0, stlen = 0, nfs = 0, i, per;
	uint32_t nfat, ds, mfs, dfs, ndif, root_start = ENDOFCHAIN, wb_start = 0, wb_size = 0;
	int found = 0, rc = -1;
	size_t pos;

	memset(b, 0, sizeof(*b));
	if (n < 512 || memcmp(f, magic, 8) != 0 || (u16(f + 0x1E) != 9 && u16(f + 0x1E) != 12))
		return -1;
	c.ss = (size_t)1 << u16(f + 0x1E);
	per = c.ss / 4;
	nfat = u32(f + 0x2C);
	ds = u32(f + 0x30);
	mfs = u32(f + 0x3C);
	dfs = u32(f + 0x44);
	ndif = u32(f + 0x48);
	if (nfat > n / c.ss + 1 || ndif > n / c.ss + 1)
		return -1;
	if (!(fatsec = calloc((size_t)nfat + 1, sizeof(uint32_t))))
		return -1;
	for (i = 0; i < 109 && nfs < nfat; i++)
		fatsec[nfs++] = u32(f + 0x4C + 4 * i);
	while (nfs < nfat && dfs < 0xFFFFFFFAu && ndif-- > 0) {
		size_t off = sect(&c, dfs);

		if (!off)
			goto out;
		for (i = 0; i + 1 < per && nfs < nfat; i++)
			fatsec[nfs++] = u32(f + off + 4 * i);
		dfs = u32(f + off + 4 * (per - 1));
	}
	if (nfs < nfat || !(c.fat = calloc((size_t)nfat * per + 1, sizeof(uint32_t))))
		goto out;
	for (i = 0; i < nfat; i++) {
		size_t off = sect(&c, fatsec[i]), k;

		if (!off)
			goto out;
		for (k = 0; k < per; k++)
			c.fat[i * per + k] = u32(f + off + 4 * k);
	}
	c.nfat = (size_t)nfat * per;
	if (!(dir = chain(&c, c.fat, c.nfat, NULL, 0, c.ss, ds, n, &dirlen)))
		goto out;
	for (pos = 0; pos + 128 <= dirlen; pos += 128) {
		const unsigned char *e = dir + pos;
		unsigned namelen = u16(e + 0x40), type = e[0x42];
		char name[32] = "";
		unsigned k;

		for (k = 0; k + 1 < namelen / 2 && k < 31; k++)
			name[k] = e[2 * k + 1] ? '?' : (char)e[2 * k];
		if (type == 5 && pos == 0)
			root_start = u32(e + 0x74);
		if (type == 2 && !found && (!strcmp(name, "Workbook") || !strcmp(name, "Book"))) {
			wb_start = u32(e + 0x74);
			wb_size = u32(e + 0x78);
			found = 1;
		}
	}
	if (!found || wb_size > n)
		goto out;
	if (wb_size < u32(f + 0x38)) {   /* in the mini stream */
		if (!(mini = chain(&c, c.fat, c.nfat, NULL, 0, c.ss, root_start, n, &minilen))
		    || !(minifat = chain(&c, c.fat, c.nfat, NULL, 0, c.ss, mfs, n, &mflen)))
			goto out;
		{
			size_t nm = mflen / 4, k;
			uint32_t *mf = malloc(nm * 4 + 4);

			if (!mf)
				goto out;
			for (k = 0; k < nm; k++)
				mf[k] = u32(minifat + 4 * k);
			st = chain(&c, mf, nm, mini, minilen, 64, wb_start, wb_size, &stlen);
			free(mf);
		}
	} else {
		st = chain(&c, c.fat, c.nfat, NULL, 0, c.ss, wb_start, wb_size, &stlen);
	}
	if (!st)
		goto out;
	b->stream = st;
	b->len = stlen;
	st = NULL;
	/* the globals: BOUNDSHEET records until the first EOF */
	for (pos = 0; pos + 4 <= b->len;) {
		unsigned type = u16(b->stream + pos), len = u16(b->stream + pos + 2);

		if (pos + 4 + len > b->len)
			break;
		if (type == 0x000A)
			break;
		if (type == 0x0085 && len >= 6 && b->nsheets < 65535) {
			int k = b->nsheets;
			unsigned char *h = realloc(b->hidden, (size_t)k + 1);

			if (!h)
				goto out;
			b->hidden = h;
			if (!(h = realloc(b->worksheet, (size_t)k + 1)))
				goto out;
			b->worksheet = h;
			{
				uint32_t *o = realloc(b->offset, ((size_t)k + 1) * sizeof(uint32_t));

				if (!o)
					goto out;
				b->offset = o;
			}
			b->offset[k] = u32(b->stream + pos + 4);
			b->hidden[k] = (b->stream[pos + 8] & 3) != 0;
			b->worksheet[k] = b->stream[pos + 9] == 0;
			b->nsheets++;
		}
		pos += 4 + len;
	}
	rc = 0;
out:
	free(fatsec);
	free(c.fat);
	free(dir);
	free(mini);
	free(minifat);
	free(st);
	if (rc)
		imp_biff_release(b);
	return rc;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct imp_biff_cell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* imp_biff_cells: see biff.h. */
int imp_biff_cells(const struct imp_biff *b, int i, struct imp_biff_cell **cells,
		   size_t *ncells)
{
	static const struct { unsigned char code; const char *text; } errs[] = {
		{ 0x00, "#NULL!" }, { 0x07, "#DIV/0!" }, { 0x0F, "#VALUE!" }, { 0x17, "#REF!" },
		{ 0x1D, "#NAME?" }, { 0x24, "#NUM!" }, { 0x2A, "#N/A" },
	};
	struct imp_biff_cell *out = NULL;
	size_t n = 0, cap = 0, pos, k;

	*cells = NULL;
	*ncells = 0;
	if (i < 0 || i >= b->nsheets)
		return -1;
	for (pos = b->offset[i]; pos + 4 <= b->len;) {
		unsigned type = u16(b->stream + pos), len = u16(b->stream + pos + 2);
		const unsigned char *d = b->stream + pos + 4;
		struct imp_biff_cell c;

		if (pos + 4 + len > b->len)
			break;
		if (type == 0x000A && pos != b->offset[i])
			break;
		pos += 4 + len;
		memset(&c, 0, sizeof(c));
		if (type == 0x0006 && len >= 20) {
			c.kind = IMP_CELL_NOVALUE;
		} else if (type == 0x0205 && len >= 8) {
			if (d[7]) {
				c.kind = IMP_CELL_ERROR;
				memcpy(c.text, "#ERROR", 7);
				for (k = 0; k < sizeof(errs) / sizeof(errs[0]); k++)
					if (errs[k].code == d[6])
						memcpy(c.text, errs[k].text, strlen(errs[k].text) + 1);
			} else {
				c.kind = IMP_CELL_BOOL;
				memcpy(c.text, d[6] ? "TRUE" : "FALSE", d[6] ? 5 : 6);
			}
		} else {
			continue;
		}
		c.row = u16(d);
		c.col = u16(d + 2);
		/* at most 65536 rows of 256 columns */
		if (n == cap && (n >= 65536u * 256u
				 || ldg_grow((void **)&out, &cap, n + 1, sizeof(*out)))) {
			free(out);
			return -1;
		}
		out[n++] = c;
	}
	if (n)
		qsort(out, n, sizeof(*out), cmp_cell);
	*cells = out;
	*ncells = n;
	return 0;
}

/* imp_biff_release: see biff.h. */
void imp_biff_release(struct imp_biff *b)
{
	free(b->hidden);
	free(b->worksheet);
	free(b->offset);
	free(b->stream);
	memset(b, 0, sizeof(*b));
}
