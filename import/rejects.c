/*
 * rejects.c — see rejects.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "import/rejects.h"
#include "ledger/lang.h"

struct imp_rejects {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	char path[1024];
	int width;                 /* the header's cells: 错误原因 goes after */
	lxw_row_t row;             /* next row to write */
};

/* Write a record's cells into row r. */
static int put_cells(struct imp_rejects *w, lxw_row_t r, const struct imp_record *rec)
{
	int i;

	for (i = 0; i < rec->nfields && i < LXW_COL_MAX; i++) {
		const char *t = rec->fields[i];
		lxw_error e;

		if (!t || !*t)
			continue;
		if (rec->kinds && rec->kinds[i] == IMP_CELL_NUMBER)
			e = worksheet_write_number(w->ws, r, (lxw_col_t)i,
						   strtod(t, NULL), NULL); /* xlsx-boundary */
		else
			e = worksheet_write_string(w->ws, r, (lxw_col_t)i, t, NULL);
		if (e != LXW_NO_ERROR)
			return -1;
	}
	return 0;
}

/* imp_rejects_open: see rejects.h. */
int imp_rejects_open(const char *path, const struct imp_record *header, int width,
		     struct imp_rejects **out, struct ldg_err *err)
{
	lxw_workbook_options o = { LXW_TRUE, NULL, LXW_FALSE };
	struct imp_rejects *w;
	FILE *f;

	*out = NULL;
	/* libxlsxwriter says nothing until the close: see now that it can be made */
	if (!(f = fopen(path, "wb")))
		return ldg_err_set(err, LDG_EIO, _("cannot write rejects file '%s'"), path);
	fclose(f);
	if (!(w = calloc(1, sizeof(*w))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	snprintf(w->path, sizeof(w->path), "%s", path);
	w->width = width < 1 ? 1 : width;
	if (!(w->wb = workbook_new_opt(path, &o)) || !(w->ws = workbook_add_worksheet(w->wb, NULL))
	    || put_cells(w, 0, header)
	    || worksheet_write_string(w->ws, 0, (lxw_col_t)w->width, "错误原因", NULL)) {
		imp_rejects_close(w, 0, NULL);
		return ldg_err_set(err, LDG_EIO, _("cannot write rejects file '%s'"), path);
	}
	w->row = 1;
	*out = w;
	return 0;
}

/* imp_rejects_add: see rejects.h. */
int imp_rejects_add(struct imp_rejects *w, const struct imp_record *rec, const char *error,
		    struct ldg_err *err)
{
	/* a row with cells past the header keeps them: its error goes after */
	int col = rec->nfields > w->width ? rec->nfields : w->width;

	if (w->row >= LXW_ROW_MAX || col >= LXW_COL_MAX || put_cells(w, w->row, rec)
	    || worksheet_write_string(w->ws, w->row, (lxw_col_t)col, error ? error : "", NULL))
		return ldg_err_set(err, LDG_EIO, _("cannot write rejects file '%s'"), w->path);
	w->row++;
	return 0;
}

/* imp_rejects_close: see rejects.h. */
int imp_rejects_close(struct imp_rejects *w, int keep, struct ldg_err *err)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->wb && workbook_close(w->wb) != LXW_NO_ERROR)
		rc = ldg_err_set(err, LDG_EIO, _("cannot write rejects file '%s'"), w->path);
	if (!keep || rc)
		remove(w->path);
	free(w);
	return rc;
}
