/*
 * error.c — struct ldg_err helpers and the code → text / exit status tables.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ledger/error.h"
#include "ledger/lang.h"

static void copy_trunc(char *dst, size_t dstsz, const char *src)
{
	size_t n;

	if (!src)
		src = "";
	n = strlen(src);
	if (n >= dstsz) {
		n = dstsz - 1;
		/* do not cut a UTF-8 sequence in half */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int ldg_err_set(struct ldg_err *err, enum ldg_code code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != LDG_OK)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void ldg_err_value(struct ldg_err *err, const char *value)
{
	if (err && err->value[0] == '\0')
		copy_trunc(err->value, sizeof(err->value), value);
}

void ldg_err_place(struct ldg_err *err, const char *file, long line,
		   const char *column)
{
	if (!err)
		return;
	if (file && err->file[0] == '\0')
		copy_trunc(err->file, sizeof(err->file), file);
	if (line > 0 && err->line == 0)
		err->line = line;
	if (column && err->column[0] == '\0')
		copy_trunc(err->column, sizeof(err->column), column);
}

void ldg_err_clear(struct ldg_err *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

char *ldg_err_format(const struct ldg_err *err, char *buf, size_t bufsz)
{
	size_t n = 0;

#define PUT(...) do { \
	if (n < bufsz) { \
		int w_ = snprintf(buf + n, bufsz - n, __VA_ARGS__); \
		if (w_ > 0) n += (size_t)w_; \
	} } while (0)

	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	if (err->file[0]) {
		PUT("%s:", err->file);
		if (err->line > 0)
			PUT("%ld:", err->line);
		PUT(" ");
	}
	if (err->column[0])
		PUT(_("column '%s': "), err->column);
	PUT("%s", err->msg[0] ? err->msg : ldg_strerror(err->code));
	if (err->value[0] || err->column[0])
		PUT(_(" (value '%s')"), err->value);
#undef PUT
	return buf;
}

const char *ldg_strerror(int code)
{
	switch (code) {
	case LDG_OK:        return _("no error");
	case LDG_EINPUT:    return _("input rejected");
	case LDG_ENOTFOUND: return _("not found");
	case LDG_ELOCKED:   return _("refused: a finalized subsidy run uses it");
	case LDG_ECONFLICT: return _("refused");
	case LDG_EUSAGE:    return _("usage error");
	case LDG_EDB:       return _("database error");
	case LDG_EIO:       return _("file error");
	case LDG_ENOMEM:    return _("out of memory");
	case LDG_ERANGE:    return _("number out of range");
	case LDG_ENODB:     return _("no database");
	case LDG_EDENIED:   return _("refused: not allowed");
	}
	return _("unknown error");
}

int ldg_exit_status(int code)
{
	switch (code) {
	case LDG_OK:
		return 0;
	case LDG_EINPUT: case LDG_ENOTFOUND: case LDG_ELOCKED:
	case LDG_ECONFLICT: case LDG_ERANGE: case LDG_EDENIED:
		return 1;
	case LDG_EUSAGE:
		return 2;
	default:
		return 3;
	}
}

static volatile sig_atomic_t io_fault;

void ldg_io_fault_set(void)
{
	io_fault = 1;
}

int ldg_io_fault_seen(void)
{
	return io_fault != 0;
}
