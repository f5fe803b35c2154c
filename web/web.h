/*
 * web.h — the workbench's entry point (web.md): `pledger serve` calls
 * web_serve(); cli/ and web/ never include each other.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <signal.h>
#include <stdio.h>

#include "ledger/error.h"

struct web_opts {
	const char *db_path;     /* the SQLite file (must be initialised) */
	const char *listen;      /* "ADDR:PORT"; NULL: 127.0.0.1:8080 */
	const char *cert_path;   /* PEM certificate for TLS, or NULL */
	const char *key_path;    /* PEM key for TLS, or NULL */
	int insecure_http;       /* allow plain HTTP on a non-loopback address */
};

/*
 * Serve until *stop becomes non-zero (a signal handler sets it).  Writes
 * "listening on URL" to log once the socket is bound (the port of ":0" is
 * the one the system chose), and one line per failure.  Returns 0 or an
 * LDG_E* code with err filled: LDG_EUSAGE for a bad address or a
 * non-loopback address without TLS or --insecure-http, LDG_EIO when the
 * certificate cannot be read or the address cannot be bound, LDG_ENODB
 * when the database is not there.
 */
int web_serve(const struct web_opts *o, volatile sig_atomic_t *stop, FILE *log,
	      struct ldg_err *err);

#endif
