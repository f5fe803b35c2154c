/*
 * lang.c — choosing and binding the message catalogue (lang.h).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/lang.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static int is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *ldg_lang_init(const char *want)
{
	static char dir[4096];
	const char *env = getenv("PLEDGER_LOCALEDIR");
	char exe[4000];
	ssize_t n;

	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
	} else if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		/* ./pledger beside build/locale, or build-asan/pledger
		 * beside build-asan/locale (the Makefile's $(BUILD)/locale) */
		snprintf(dir, sizeof(dir), "%s/build/locale", exe);
		if (!is_dir(dir))
			snprintf(dir, sizeof(dir), "%s/locale", exe);
		if (!is_dir(dir))
			snprintf(dir, sizeof(dir), "%s", LOCALEDIR);
	} else {
		snprintf(dir, sizeof(dir), "%s", LOCALEDIR);
	}
	if (want) {
		char loc[64];

		snprintf(loc, sizeof(loc), "%s.UTF-8", want);
		if (!setlocale(LC_ALL, loc)) {
			/* zh_CN.UTF-8 is often not generated: C.UTF-8 keeps
			 * UTF-8, and glibc honours LANGUAGE under it */
			setlocale(LC_ALL, "C.UTF-8");
		}
		/* also over a LANGUAGE naming another language first */
		setenv("LANGUAGE", want, 1);
	}
	bindtextdomain(LDG_TEXTDOMAIN, dir);
	bind_textdomain_codeset(LDG_TEXTDOMAIN, "UTF-8");
	return dir;
}

/* The q value of the first tag of header starting with lang ("zh", "en"),
 * in thousandths; -1 when absent. */
static int quality(const char *header, const char *lang)
{
	const char *p = header;
	size_t ln = strlen(lang);

	while (*p) {
		const char *end = p + strcspn(p, ",");
		const char *tag = p;
		int q = 1000;

		while (tag < end && (*tag == ' ' || *tag == '\t'))
			tag++;
		if ((size_t)(end - tag) >= ln && strncasecmp(tag, lang, ln) == 0
		    && (tag[ln] == '-' || tag[ln] == ';' || tag + ln == end || tag[ln] == ' ')) {
			const char *qs = strstr(tag, "q=");

			if (qs && qs < end) {
				q = (qs[2] == '1') ? 1000 : 0;
				if (qs[2] == '0' && qs[3] == '.') {
					int i, scale = 100;

					for (i = 4; qs[i] >= '0' && qs[i] <= '9' && scale; i++, scale /= 10)
						q += (qs[i] - '0') * scale;
				}
			}
			return q;
		}
		p = *end ? end + 1 : end;
	}
	return -1;
}

const char *ldg_lang_accept(const char *header)
{
	int en, zh;

	if (!header)
		return "zh";
	en = quality(header, "en");
	zh = quality(header, "zh");
	return en > zh ? "en" : "zh";
}

const char *ldg_tr(const char *lang, const char *msgid)
{
	if (lang && strcmp(lang, "en") == 0)
		return msgid;
	return dgettext(LDG_TEXTDOMAIN, msgid);
}
