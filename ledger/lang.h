/*
 * lang.h — the message catalogue (GNU gettext, domain "pledger",
 * po/zh_CN.po compiled by msgfmt into LOCALEDIR/zh_CN/LC_MESSAGES).
 *
 * _("…") marks a message translated where it is written, N_("…") a
 * table entry translated where it is printed (style.md, gettext
 * conventions).  The workbench chooses the language per request
 * (ldg_lang_accept(), Chinese by default) and translates with ldg_tr();
 * the command line (issue 15) will use _() after ldg_lang_init().
 */
#ifndef LDG_LANG_H
#define LDG_LANG_H

#include <libintl.h>

#define LDG_TEXTDOMAIN "pledger"
#define _(s) dgettext(LDG_TEXTDOMAIN, s)
#define N_(s) (s)
/* a message with a count: P_("%d row", "%d rows", n) (ngettext) */
#define P_(s, p, n) dngettext(LDG_TEXTDOMAIN, s, p, n)

/*
 * Bind the catalogue: $PLEDGER_LOCALEDIR, else build/locale beside the
 * running binary (a source tree; $(BUILD)/locale beside $(BUILD)/pledger), else the
 * installed LOCALEDIR.  With
 * want non-NULL ("zh_CN") the process's messages are in that language
 * even when its locale is not generated: the locale falls back to
 * C.UTF-8 and LANGUAGE names want.  Returns the directory used.
 */
const char *ldg_lang_init(const char *want);

/* "en" when the Accept-Language header (may be NULL) prefers English to
 * Chinese, else "zh" (the workbench's default). */
const char *ldg_lang_accept(const char *header);

/* msgid in lang: itself for "en", its catalogue translation otherwise. */
const char *ldg_tr(const char *lang, const char *msgid);

#endif
