/*
 * xlsread.c — see xlsread.h.
 *
 * FreeXL reads the whole workbook at open; rows are then fetched cell by
 * cell.  Sheet visibility is not something FreeXL tells, so the default
 * sheet of an .xls is its first worksheet.
 *
 * FreeXL is a C library fed a hostile file: a crafted .xls made it read
 * past a stack buffer (found by tests/fuzz/fuzz_xls.c).  So FreeXL runs in
 * a child process that sends the rows down a pipe, framed; a child that
 * dies or hangs (XLS_CHILD_SECONDS) is a clear error here, never a crash
 * of pledger.  The child touches nothing but the file and the pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <freexl.h>

#include "import/biff.h"
#include "import/xlsread.h"
#include "import/xlsxread.h"
#include "ledger/grow.h"
#include "ledger/lang.h"

#define XLS_CHILD_SECONDS 120

/* The child's side: FreeXL. */
struct fx {
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
	struct imp_biff_cell *extra;  /* formula, boolean, error cells (biff.h) */
	size_t nextra;
};

static void fx_close(struct fx *x);

/* The cell FreeXL left empty at (r, c) that biff.c found, or NULL. */
static const struct imp_biff_cell *extra_at(const struct fx *x, unsigned r, unsigned c)
{
	size_t lo = 0, hi = x->nextra;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct imp_biff_cell *e = &x->extra[mid];

		if (e->row == r && e->col == c)
			return e;
		if (e->row < r || (e->row == r && e->col < c))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Read the file's bytes for biff.c (an .xls is at most a few hundred MB). */
static unsigned char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t cap = 0, len = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		/* at most 512 MiB */
		if (len == cap && (len >= (512u << 20) || ldg_grow((void **)&b, &cap, len + 1, 1))) {
			free(b);
			fclose(f);
			return NULL;
		}
		if ((r = fread(b + len, 1, cap - len, f)) == 0)
			break;
		len += r;
	}
	fclose(f);
	*n = len;
	return b;
}

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

/* Open the workbook and select the sheet (as imp_xls_open). */
static int fx_open(const char *path, const char *name, const char *sheet,
		   struct fx **out, struct ldg_err *err)
{
	struct fx *x;
	unsigned count = 0, pw = 0, i, pick = (unsigned)-1;
	struct imp_biff biff;
	unsigned char *bytes;
	size_t nbytes = 0;
	int rc, have_biff = 0;

	*out = NULL;
	if (!(x = calloc(1, sizeof(*x))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	snprintf(x->name, sizeof(x->name), "%s", name ? name : path);
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		x->h = NULL;
		rc = rc == FREEXL_INSUFFICIENT_MEMORY
			? ldg_err_set(err, LDG_ENOMEM, _("out of memory"))
			: ldg_err_set(err, LDG_EINPUT, _("not a readable .xls workbook (%s): open it in"
				      " Excel or WPS and save it as Excel Workbook (.xlsx)"), fx_err(rc));
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK
	    && pw == FREEXL_BIFF_OBFUSCATED) {
		rc = ldg_err_set(err, LDG_EINPUT, _("a password-protected workbook: open it in Excel"
				 " or WPS, remove the password and save it as Excel Workbook (.xlsx)"));
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
	if ((bytes = read_all(path, &nbytes)) != NULL) {
		have_biff = imp_biff_open(bytes, nbytes, &biff) == 0 && biff.nsheets == (int)count;
		free(bytes);
	}
	for (i = 0; !sheet && have_biff && i < count && pick == (unsigned)-1; i++)
		if (!biff.hidden[i] && biff.worksheet[i])
			pick = i;
	if (!sheet && count > 0 && pick == (unsigned)-1)
		pick = 0;
	if (have_biff && pick != (unsigned)-1
	    && imp_biff_cells(&biff, (int)pick, &x->extra, &x->nextra) != 0) {
		x->extra = NULL;
		x->nextra = 0;
	}
	if (have_biff)
		imp_biff_release(&biff);
	if (pick == (unsigned)-1) {
		rc = ldg_err_set(err, LDG_EINPUT, sheet ? "no sheet '%s' in the workbook"
				 : "the workbook has no worksheet%s", sheet ? sheet : "");
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (freexl_select_active_worksheet(x->h, (unsigned short)pick) != FREEXL_OK
	    || freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
		rc = ldg_err_set(err, LDG_EINPUT, _("not a readable .xls workbook: sheet %u"), pick + 1);
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if (x->cols && (!(x->off = calloc(x->cols, sizeof(size_t)))
			|| !(x->kinds = calloc(x->cols, 1))
			|| !(x->fields = calloc(x->cols, sizeof(char *))))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto fail;
	}
	*out = x;
	return 0;
fail:
	fx_close(x);
	return rc;
}

/* Append text to the row buffer at column c. */
static int put(struct fx *x, size_t *len, unsigned c, const char *t, int kind)
{
	size_t n = strlen(t);

	if (ldg_grow((void **)&x->buf, &x->cap, *len + n + 1, 1))
		return -1;
	memcpy(x->buf + *len, t, n + 1);
	x->off[c] = *len;
	x->kinds[c] = (unsigned char)kind;
	*len += n + 1;
	return 0;
}

/* The next row (as imp_xls_next). */
static int fx_next(struct fx *x, struct imp_record **rec, struct ldg_err *err)
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
				ldg_err_set(err, LDG_EINPUT, _("cell %s cannot be read (%s)"), ref, fx_err(rc));
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
			if (!t) {
				const struct imp_biff_cell *e = extra_at(x, r, c);

				if (e) {
					t = e->text;
					kind = e->kind;
				}
			}
			if (!t || (!*t && kind != IMP_CELL_NOVALUE))
				continue;
			if (put(x, &len, c, t, kind))
				return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
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

/* Free the child's reader. */
static void fx_close(struct fx *x)
{
	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x->buf);
	free(x->off);
	free(x->kinds);
	free(x->fields);
	free(x->extra);
	free(x);
}

/* ---- the pipe ------------------------------------------------------------
 * Frames: 'O' rows(u32); 'R' line(u32) nfields(u32) then per field
 * kind(u8) len(u32, UINT32_MAX for NULL) bytes; 'E' code(i32) line(u32)
 * len(u32) message; 'Z' the end. */

static int wr(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int wr_u32(int fd, uint32_t v)
{
	return wr(fd, &v, sizeof(v));
}

/*
 * Under a sanitizer or libFuzzer (the fuzz build) a dying process reports
 * and dumps its input from inherited handlers; the child's death is the
 * parent's to report, so the child drops them.  Weak: absent otherwise.
 */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

/* The child: read the sheet with FreeXL and send it; never returns. */
static void child(int fd, const char *path, const char *name, const char *sheet)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM };
	struct fx *x = NULL;
	struct imp_record *rec = NULL;
	struct ldg_err err = { 0 };
	int rc, i;

	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(NULL);
	for (i = 0; i < (int)(sizeof(sigs) / sizeof(sigs[0])); i++)
		signal(sigs[i], SIG_DFL);
	alarm(XLS_CHILD_SECONDS);
	/* the child speaks only through the pipe: what a crash inside FreeXL
	 * would print (a sanitizer's report) is not pledger's output */
	if ((i = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(i, 2);
		close(i);
	}
	if ((rc = fx_open(path, name, sheet, &x, &err)) == 0 && !wr(fd, "O", 1)
	    && !wr_u32(fd, x->rows)) {
		while ((rc = fx_next(x, &rec, &err)) == 1) {
			if (wr(fd, "R", 1) || wr_u32(fd, (uint32_t)rec->line)
			    || wr_u32(fd, (uint32_t)rec->nfields))
				_exit(1);
			for (i = 0; i < rec->nfields; i++) {
				uint32_t n = rec->fields[i] ? (uint32_t)strlen(rec->fields[i]) : UINT32_MAX;

				if (wr(fd, &rec->kinds[i], 1) || wr_u32(fd, n)
				    || (rec->fields[i] && wr(fd, rec->fields[i], n)))
					_exit(1);
			}
		}
	}
	if (rc < 0) {
		uint32_t n = (uint32_t)strlen(err.msg);

		if (wr(fd, "E", 1) || wr_u32(fd, (uint32_t)rc) || wr_u32(fd, (uint32_t)err.line)
		    || wr_u32(fd, n) || wr(fd, err.msg, n))
			_exit(1);
	} else if (wr(fd, "Z", 1)) {
		_exit(1);
	}
	_exit(0);
}

/* The parent's side. */
struct imp_xls {
	pid_t pid;
	int fd;
	char name[512];
	long long rows, done;
	int ended;
	char *buf;                 /* the row's texts */
	size_t cap;
	unsigned char *kinds;
	const char **fields;
	size_t *off;
	int fcap;
	struct imp_record rec;
};

static int rd(int fd, void *p, size_t n)
{
	char *c = p;

	while (n > 0) {
		ssize_t r = read(fd, c, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The child is gone without its last frame: say how. */
static int child_failed(struct imp_xls *x, struct ldg_err *err)
{
	int st = 0;

	if (x->pid > 0) {
		kill(x->pid, SIGKILL);
		waitpid(x->pid, &st, 0);
		x->pid = 0;
	}
	x->ended = 1;
	ldg_err_set(err, LDG_EINPUT, _("the .xls reader failed on this file (%s): a corrupt or"
		    " crafted .xls; open it in Excel or WPS and save it as Excel Workbook (.xlsx)"),
		    WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM ? "it took too long"
		    : WIFSIGNALED(st) ? "it crashed" : "it stopped");
	ldg_err_place(err, x->name, 0, NULL);
	return LDG_EINPUT;
}

/* Read an 'E' frame's body into err. */
static int read_error(struct imp_xls *x, struct ldg_err *err)
{
	uint32_t code, line, n;
	char msg[512];

	if (rd(x->fd, &code, 4) || rd(x->fd, &line, 4) || rd(x->fd, &n, 4) || n >= sizeof(msg)
	    || rd(x->fd, msg, n))
		return child_failed(x, err);
	msg[n] = '\0';
	x->ended = 1;
	ldg_err_set(err, (int)code == LDG_ENOMEM ? LDG_ENOMEM : LDG_EINPUT, "%s", msg);
	ldg_err_place(err, x->name, (long)line, NULL);
	return (int)code == LDG_ENOMEM ? LDG_ENOMEM : LDG_EINPUT;
}

/* imp_xls_open: see xlsread.h. */
int imp_xls_open(const char *path, const char *name, const char *sheet,
		 struct imp_xls **out, struct ldg_err *err)
{
	struct imp_xls *x;
	int p[2];
	char tag;
	uint32_t rows;

	*out = NULL;
	if (!(x = calloc(1, sizeof(*x))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	snprintf(x->name, sizeof(x->name), "%s", name ? name : path);
	x->fd = -1;
	if (pipe(p) != 0) {
		free(x);
		return ldg_err_set(err, LDG_EIO, _("cannot start the .xls reader: %s"), strerror(errno));
	}
	fflush(NULL);
	if ((x->pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		free(x);
		return ldg_err_set(err, LDG_EIO, _("cannot start the .xls reader: %s"), strerror(errno));
	}
	if (x->pid == 0) {
		close(p[0]);
		child(p[1], path, x->name, sheet);
	}
	close(p[1]);
	x->fd = p[0];
	if (rd(x->fd, &tag, 1) || (tag != 'O' && tag != 'E')) {
		int rc = child_failed(x, err);

		imp_xls_close(x);
		return rc;
	}
	if (tag == 'E') {
		int rc = read_error(x, err);

		imp_xls_close(x);
		return rc;
	}
	if (rd(x->fd, &rows, 4)) {
		int rc = child_failed(x, err);

		imp_xls_close(x);
		return rc;
	}
	x->rows = rows;
	*out = x;
	return 0;
}

/* imp_xls_next: see xlsread.h. */
int imp_xls_next(struct imp_xls *x, struct imp_record **rec, struct ldg_err *err)
{
	uint32_t line, nf, i, n;
	size_t len = 0;
	char tag;

	if (x->ended)
		return 0;
	if (rd(x->fd, &tag, 1))
		return child_failed(x, err);
	if (tag == 'Z') {
		x->ended = 1;
		return 0;
	}
	if (tag == 'E')
		return read_error(x, err);
	if (tag != 'R' || rd(x->fd, &line, 4) || rd(x->fd, &nf, 4) || nf == 0 || nf > 256)
		return child_failed(x, err);   /* BIFF8 has 256 columns */
	if ((int)nf > x->fcap) {
		free(x->kinds);
		free(x->fields);
		free(x->off);
		x->fcap = 256;
		x->kinds = calloc(256, 1);
		x->fields = calloc(256, sizeof(char *));
		x->off = calloc(256, sizeof(size_t));
		if (!x->kinds || !x->fields || !x->off) {
			x->fcap = 0;
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		}
	}
	for (i = 0; i < nf; i++) {
		if (rd(x->fd, &x->kinds[i], 1) || rd(x->fd, &n, 4) || x->kinds[i] > IMP_CELL_NOVALUE)
			return child_failed(x, err);
		if (n == UINT32_MAX) {
			x->off[i] = (size_t)-1;
			continue;
		}
		if (n > (1u << 20))
			return child_failed(x, err);
		if (ldg_grow((void **)&x->buf, &x->cap, len + n + 1, 1))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		if (rd(x->fd, x->buf + len, n))
			return child_failed(x, err);
		x->buf[len + n] = '\0';
		x->off[i] = len;
		len += n + 1;
	}
	for (i = 0; i < nf; i++)
		x->fields[i] = x->off[i] == (size_t)-1 ? NULL : x->buf + x->off[i];
	x->done++;
	x->rec.line = (long)line;
	x->rec.end_line = (long)line;
	x->rec.nfields = (int)nf;
	x->rec.fields = x->fields;
	x->rec.raw = "";
	x->rec.rawlen = 0;
	x->rec.kinds = x->kinds;
	*rec = &x->rec;
	return 1;
}

long long imp_xls_pos(const struct imp_xls *x)
{
	return x->done;
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
	if (x->fd >= 0)
		close(x->fd);
	if (x->pid > 0) {
		kill(x->pid, SIGKILL);
		waitpid(x->pid, NULL, 0);
	}
	free(x->buf);
	free(x->kinds);
	free(x->fields);
	free(x->off);
	free(x);
}
