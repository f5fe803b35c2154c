/*
 * xlsread.c — see xlsread.h.
 *
 * FreeXL reads the whole workbook at open; rows are then fetched cell by
 * cell.  Sheet visibility is not something FreeXL tells, so the default
 * sheet of an .xls is its first worksheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freexl.h>

#include "import/xlsread.h"
#include "import/xlsxread.h"

struct imp_xls {
	const void *h;             /* FreeXL handle */
	char name[512];
	unsigned rows;
	unsigned short cols;
	unsigned next;             /* next row index (0-based) */
	char *buf;                 /* the row's texts */
	size_t cap;
	size_t *off;
	unsigned char *kinds;
	const char **fields;
	struct imp_record rec;
};

/* FreeXL's error codes as words. */
static const char *fx_err(int rc)
{
	switch (rc) {
	case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
	case FREEXL_CRAFTED_FILE: return "a corrupt or crafted file";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "the compound file holds no workbook";
	case FREEXL_INVALID_CHARACTER: return "text not valid in its code page";
	case FREEXL_UNSUPPORTED_CHARSET: return "an unsupported code page";
	default: return "a broken .xls file";
	}
}

/* imp_xls_open: see xlsread.h. */
int imp_xls_open(const char *path, const char *name, const char *sheet,
		 struct imp_xls **out, struct ldg_err *err)
{
	struct imp_xls *x;
	unsigned count = 0, pw = 0, i, pick = (unsigned)-1;
	int rc;

	*out = NULL;
	if (!(x = calloc(1, sizeof(*x))))
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
	snprintf(x->name, sizeof(x->name), "%s", name ? name : path);
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		x->h = NULL;
		rc = rc == FREEXL_INSUFFICIENT_MEMORY
			? ldg_err_set(err, LDG_ENOMEM, "out of memory")
			: ldg_err_set(err, LDG_EINPUT, "not a readable .xls workbook (%s): open it in"
				      " Excel or WPS and save it as Excel Workbook (.xlsx)", fx_err(rc));
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK
	    && pw == FREEXL_BIFF_OBFUSCATED) {
		rc = ldg_err_set(err, LDG_EINPUT, "a password-protected workbook: open it in Excel"
				 " or WPS, remove the password and save it as Excel Workbook (.xlsx)");
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count);
	for (i = 0; i < count && sheet && pick == (unsigned)-1; i++) {
		const char *n = NULL;

		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &n) == FREEXL_OK && n
		    && strcmp(n, sheet) == 0)
			pick = i;
	}
	if (sheet && pick == (unsigned)-1) {
		char *end;
		unsigned long k = strtoul(sheet, &end, 10);

		if (*sheet >= '1' && *sheet <= '9' && !*end && k >= 1 && k <= count)
			pick = (unsigned)k - 1;
	}
	if (!sheet && count > 0)
		pick = 0;
	if (pick == (unsigned)-1) {
		rc = ldg_err_set(err, LDG_EINPUT, sheet ? "no sheet '%s' in the workbook"
				 : "the workbook has no worksheet%s", sheet ? sheet : "");
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (freexl_select_active_worksheet(x->h, (unsigned short)pick) != FREEXL_OK
	    || freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
		rc = ldg_err_set(err, LDG_EINPUT, "not a readable .xls workbook: sheet %u", pick + 1);
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (x->cols && (!(x->off = calloc(x->cols, sizeof(size_t)))
			|| !(x->kinds = calloc(x->cols, 1))
			|| !(x->fields = calloc(x->cols, sizeof(char *))))) {
		rc = ldg_err_set(err, LDG_ENOMEM, "out of memory");
		goto fail;
	}
	*out = x;
	return 0;
fail:
	imp_xls_close(x);
	return rc;
}

/* Append text to the row buffer at column c. */
static int put(struct imp_xls *x, size_t *len, unsigned c, const char *t, int kind)
{
	size_t n = strlen(t);

	if (*len + n + 1 > x->cap) {
		size_t cap = (x->cap ? x->cap : 1024);
		char *q;

		while (cap < *len + n + 1)
			cap *= 2;
		if (!(q = realloc(x->buf, cap)))
			return -1;
		x->buf = q;
		x->cap = cap;
	}
	memcpy(x->buf + *len, t, n + 1);
	x->off[c] = *len;
	x->kinds[c] = (unsigned char)kind;
	*len += n + 1;
	return 0;
}

/* imp_xls_next: see xlsread.h. */
int imp_xls_next(struct imp_xls *x, struct imp_record **rec, struct ldg_err *err)
{
	while (x->next < x->rows) {
		unsigned r = x->next++, c;
		size_t len = 0;
		int last = -1;

		for (c = 0; c < x->cols; c++) {
			FreeXL_CellValue v;
			char num[402];
			const char *t = NULL;
			int kind = IMP_CELL_TEXT, rc;

			x->off[c] = (size_t)-1;
			if ((rc = freexl_get_cell_value(x->h, r, (unsigned short)c, &v)) != FREEXL_OK) {
				char ref[16];

				imp_cell_ref((int)c, (long)r + 1, ref, sizeof(ref));
				ldg_err_set(err, LDG_EINPUT, "cell %s cannot be read (%s)", ref, fx_err(rc));
				ldg_err_place(err, x->name, (long)r + 1, NULL);
				return LDG_EINPUT;
			}
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof(num), "%d", v.value.int_value);
				t = num;
				kind = IMP_CELL_NUMBER;
				break;
			case FREEXL_CELL_DOUBLE:
				if (imp_number_text(v.value.double_value, 0, num, sizeof(num)) == 0) {
					t = num;
					kind = IMP_CELL_NUMBER;
				}
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				if (v.value.text_value && strlen(v.value.text_value) >= 10) {
					memcpy(num, v.value.text_value, 10);
					num[10] = '\0';
					t = num;
					kind = IMP_CELL_DATE;
				}
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_TIME:
				t = v.value.text_value;
				break;
			default:
				break;
			}
			if (!t || !*t)
				continue;
			if (put(x, &len, c, t, kind))
				return ldg_err_set(err, LDG_ENOMEM, "out of memory");
			last = (int)c;
		}
		if (last < 0)
			continue;
		for (c = 0; c <= (unsigned)last; c++) {
			x->fields[c] = x->off[c] == (size_t)-1 ? NULL : x->buf + x->off[c];
			if (!x->fields[c])
				x->kinds[c] = IMP_CELL_TEXT;
		}
		x->rec.line = (long)r + 1;
		x->rec.end_line = (long)r + 1;
		x->rec.nfields = last + 1;
		x->rec.fields = x->fields;
		x->rec.raw = "";
		x->rec.rawlen = 0;
		x->rec.kinds = x->kinds;
		*rec = &x->rec;
		return 1;
	}
	return 0;
}

long long imp_xls_pos(const struct imp_xls *x)
{
	return x->next;
}

long long imp_xls_size(const struct imp_xls *x)
{
	return x->rows;
}

/* imp_xls_close: see xlsread.h. */
void imp_xls_close(struct imp_xls *x)
{
	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x->buf);
	free(x->off);
	free(x->kinds);
	free(x->fields);
	free(x);
}
