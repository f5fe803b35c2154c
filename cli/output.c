/*
 * output.c — aligned tables and CSV.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "ledger/grow.h"
#include "ledger/lang.h"
#include "ledger/text.h"

struct cli_table {
	int ncols;
	char **cells;      /* (nrows + 1) * ncols; row 0 is the header */
	size_t nrows;      /* rows excluding the header */
	size_t cap;        /* rows allocated, the header included */
	unsigned char *right;
};

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

struct cli_table *cli_table_new(int ncols, const char *const *headers)
{
	struct cli_table *t = calloc(1, sizeof(*t));
	int i;

	if (!t)
		return NULL;
	t->ncols = ncols;
	t->cap = 17;
	t->cells = calloc(t->cap * (size_t)ncols, sizeof(char *));
	t->right = calloc((size_t)ncols, 1);
	if (!t->cells || !t->right)
		goto fail;
	for (i = 0; i < ncols; i++)
		if (!(t->cells[i] = dup_or_empty(headers[i])))
			goto fail;
	return t;
fail:
	cli_table_free(t);
	return NULL;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
	size_t base;
	int i;

	if (ldg_grow((void **)&t->cells, &t->cap, t->nrows + 2, (size_t)t->ncols * sizeof(char *)))
		return -1;
	base = (t->nrows + 1) * (size_t)t->ncols;
	for (i = 0; i < t->ncols; i++) {
		t->cells[base + (size_t)i] = dup_or_empty(cells[i]);
		if (!t->cells[base + (size_t)i]) {
			while (i-- > 0)
				free(t->cells[base + (size_t)i]);
			return -1;
		}
	}
	t->nrows++;
	return 0;
}

void cli_table_right(struct cli_table *t, int col)
{
	if (col >= 0 && col < t->ncols)
		t->right[col] = 1;
}

void cli_csv_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
}

void cli_csv_row(FILE *f, int n, const char *const *fields)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		cli_csv_field(f, fields[i]);
	}
	fputc('\n', f);
}

/*
 * The text a table shows for a cell: the cell itself, or (when it holds a
 * control character or a byte that is not UTF-8: a name with ESC would
 * retitle and clear the clerk's terminal) a malloc'd copy with those
 * written \xHH (ldg_text_escape), stored in *own for the caller to free.
 */
static const char *shown(const char *s, char **own)
{
	size_t len = strlen(s), sz = 4 * len + 8;

	*own = NULL;
	if (ldg_text_control(s, len, 0) < 0 && ldg_utf8_valid(s, len))
		return s;
	if (!(*own = malloc(sz)))
		return "?";
	return ldg_text_escape(s, len, *own, sz);
}

/* cli_table_print: see output.h.  The table form escapes control
 * characters (shown()); CSV, for programs, carries the text as stored. */
/* A cell as a table for people shows it: the heading row translated
 * (headings are N_() marked; CSV for programs keeps them as written). */
static const char *cell_at(const struct cli_table *t, size_t r, int i)
{
	const char *s = t->cells[r * (size_t)t->ncols + (size_t)i];

	return r == 0 && s && *s ? _(s) : s;
}

void cli_table_print(const struct cli_table *t, FILE *f, int csv)
{
	size_t r, *w;
	int i;
	char *own;

	if (csv) {
		for (r = 0; r <= t->nrows; r++)
			cli_csv_row(f, t->ncols, (const char *const *)t->cells + r * (size_t)t->ncols);
		return;
	}
	w = calloc((size_t)t->ncols, sizeof(size_t));
	if (!w)
		return;
	for (r = 0; r <= t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			size_t x = ldg_text_width(shown(cell_at(t, r, i), &own));

			free(own);
			if (x > w[i])
				w[i] = x;
		}
	for (r = 0; r <= t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			const char *s = shown(cell_at(t, r, i), &own);
			size_t pad = w[i] - ldg_text_width(s), k;
			int last = i == t->ncols - 1;

			if (t->right[i] && r > 0)
				for (k = 0; k < pad; k++)
					fputc(' ', f);
			fputs(s, f);
			if (!(t->right[i] && r > 0) && !last)
				for (k = 0; k < pad; k++)
					fputc(' ', f);
			if (!last)
				fputs("  ", f);
			free(own);
		}
		fputc('\n', f);
	}
	free(w);
}

void cli_table_free(struct cli_table *t)
{
	size_t n, k;

	if (!t)
		return;
	if (t->cells) {
		n = (t->nrows + 1) * (size_t)t->ncols;
		for (k = 0; k < n; k++)
			free(t->cells[k]);
		free(t->cells);
	}
	free(t->right);
	free(t);
}
