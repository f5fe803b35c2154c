# pledger — GNU make build.
#
#   make              build ./pledger (and build/libledger.a, libimport.a, libreports.a)
#   make check        bootstrap Debian packages, build, run every test
#   make asan-check   the same tests built with -fsanitize=address,undefined
#   make valgrind-check  the unit suites under valgrind
#   make demo         bootstrap, build, run `pledger demo`
#   make bench        speed and memory figures (not part of check)
#   make clean
#
# Sources are found by wildcard: a new ledger/x.c or tests/check_x.c needs no
# edit here.  Objects go to $(BUILD) so that the sanitizer build can live
# beside the normal one.

SHARED    ?= ../shared
BUILD     ?= build
CC        ?= cc
OPT       ?= -O2 -g
SANITIZE  ?=
WARN       = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror
CPPFLAGS  += -D_GNU_SOURCE -I. -I$(BUILD)/tests
CFLAGS    += $(OPT) $(WARN) $(SANITIZE) -MMD -MP
LDFLAGS   += $(SANITIZE)

LIBS_DB      = -lsqlite3 $(shell pkg-config --libs libsodium 2>/dev/null || echo -lsodium)
LIBS_IMPORT  = -lcsv -lzip -lexpat -lfreexl
LIBS_REPORTS = -lxlsxwriter -lz
LIBS_CHECK  := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lm -pthread)
LIBS_WEB     = $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
LIBS_ALL     = $(LIBS_WEB) $(LIBS_REPORTS) $(LIBS_IMPORT) $(LIBS_DB) -lm -pthread

LEDGER_SRC  := $(wildcard ledger/*.c)
IMPORT_SRC  := $(wildcard import/*.c)
REPORTS_SRC := $(wildcard reports/*.c)
WEB_SRC     := $(wildcard web/*.c)
CLI_SRC     := $(filter-out cli/main.c,$(wildcard cli/*.c))
TEST_SRC    := $(wildcard tests/check_*.c)

LEDGER_OBJ  := $(LEDGER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/ledger/schema_sql.o
IMPORT_OBJ  := $(IMPORT_SRC:%.c=$(BUILD)/%.o)
REPORTS_OBJ := $(REPORTS_SRC:%.c=$(BUILD)/%.o)
WEB_OBJ     := $(WEB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/web/style_css.o
CLI_OBJ     := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ    := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/runner.o $(BUILD)/tests/testutil.o

LIBLEDGER   = $(BUILD)/libledger.a
LIBIMPORT   = $(BUILD)/libimport.a
LIBREPORTS  = $(BUILD)/libreports.a
LIBWEB      = $(BUILD)/libweb.a
PLEDGER     = $(if $(filter build,$(BUILD)),pledger,$(BUILD)/pledger)
RUNNER      = $(BUILD)/tests/runner

STAMP       = $(BUILD)/.bootstrap

unit-check: lint

.PHONY: lint all check unit-check script-check asan-check valgrind-check demo bench fuzz clean bootstrap
.DEFAULT_GOAL := all

all: $(PLEDGER)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The schema is compiled in as a byte array (C11 has no #embed).
$(BUILD)/ledger/schema_sql.c: ledger/schema.sql
	@mkdir -p $(@D)
	{ printf '/* generated from ledger/schema.sql; do not edit */\n'; \
	  printf 'const unsigned char ldg_schema_sql[] = {\n'; \
	  od -An -v -tu1 < $< | tr -s ' \n' ',,' | sed 's/^,//'; \
	  printf '0};\n'; } > $@

$(LIBLEDGER): $(LEDGER_OBJ)
	$(AR) rcs $@ $^
$(LIBIMPORT): $(IMPORT_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^
$(LIBREPORTS): $(REPORTS_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^
$(LIBWEB): $(WEB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

# The workbench's style sheet is compiled in, as the schema is.
$(BUILD)/web/style_css.c: web/style.css
	@mkdir -p $(@D)
	{ printf '/* generated from web/style.css; do not edit */\n'; \
	  printf 'const unsigned char web_style_css[] = {\n'; \
	  od -An -v -tu1 < $< | tr -s ' \n' ',,' | sed 's/^,//'; \
	  printf '0};\n'; } > $@

# The message catalogue (po/zh_CN.po), compiled where ledger/lang.c finds
# it in a source tree (build/locale beside ./pledger).
MO = $(BUILD)/locale/zh_CN/LC_MESSAGES/pledger.mo
$(MO): po/zh_CN.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# make pot: every _(), N_() and P_() message of the workbench and the command line.
.PHONY: pot install
pot:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=T:2 --keyword=P_:1,2 --no-wrap \
	  --keyword=ldg_db_error:2 --keyword=step_reset:3 --keyword=exec_id:4 --keyword=step_write:3 \
	  --keyword=cyc_step:3 --keyword=db_fail:2 \
	  --package-name=pledger -o po/pledger.pot ledger/*.c web/*.c import/*.c cli/*.c reports/*.c

PREFIX  ?= /usr/local
DESTDIR ?=
install: $(PLEDGER) $(MO)
	install -D -m 0755 $(PLEDGER) $(DESTDIR)$(PREFIX)/bin/pledger
	install -D -m 0644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES/pledger.mo
	install -D -m 0644 docs/pledger.1 $(DESTDIR)$(PREFIX)/share/man/man1/pledger.1
	install -D -m 0644 scripts/pledger.service $(DESTDIR)$(PREFIX)/lib/systemd/system/pledger.service

$(PLEDGER): $(BUILD)/cli/main.o $(CLI_OBJ) $(LIBWEB) $(LIBREPORTS) $(LIBIMPORT) $(LIBLEDGER) | $(MO)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS_ALL)

# One runner for every Check suite: the suite list is generated from the
# `Suite *name_suite(void)` definitions in tests/check_*.c.
$(BUILD)/tests/suites.h: $(TEST_SRC)
	@mkdir -p $(@D)
	{ for f in $(TEST_SRC); do grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $$f; done \
	  | sed 's/(void)$$//; s/^Suite \*//' \
	  | awk '{ d = d "Suite *" $$1 "(void);\n"; l = l "\t" $$1 ",\n" } \
	     END { printf "%s#define TEST_SUITES \\\n%s", d, "{ \\\n"; \
	           n = split(l, a, "\n"); for (i = 1; i < n; i++) printf "%s \\\n", a[i]; \
	           printf "\tNULL }\n" }'; } > $@

$(BUILD)/tests/runner.o: $(BUILD)/tests/suites.h

$(RUNNER): $(TEST_OBJ) $(CLI_OBJ) $(LIBWEB) $(LIBREPORTS) $(LIBIMPORT) $(LIBLEDGER)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_ALL) $(LIBS_CHECK)

bootstrap: $(STAMP)
$(STAMP): scripts/bootstrap.sh
	sh scripts/bootstrap.sh
	@mkdir -p $(@D) && touch $@

# check = unit suites (Check) + script tests (CLI, examples, xlsx read-back).
check: $(STAMP)
	$(MAKE) --no-print-directory $(PLEDGER) $(RUNNER)
	$(MAKE) --no-print-directory unit-check script-check

unit-check: $(RUNNER)
	EXAMPLES=$(abspath tests/data/examples) CK_DEFAULT_TIMEOUT=60 $(RUNNER)

script-check: $(PLEDGER)
	PLEDGER=$(abspath $(PLEDGER)) SHARED=$(abspath $(SHARED)) \
	  EXAMPLES=$(abspath tests/data/examples) sh tests/run-scripts.sh

asan-check: $(STAMP)
	$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
	  SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=all' check

valgrind-check: $(STAMP) $(RUNNER)
	CK_FORK=no CK_DEFAULT_TIMEOUT=600 valgrind --error-exitcode=9 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	  --quiet $(RUNNER)

demo: $(STAMP)
	$(MAKE) --no-print-directory $(PLEDGER)
	./$(PLEDGER) demo --dir demo

bench: $(STAMP)
	$(MAKE) --no-print-directory $(PLEDGER)
	sh scripts/bench.sh

lint:
	sh scripts/lint.sh

clean:
	rm -rf build build-asan build-fuzz pledger

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- fuzzing and reliability (owned by the demo/bench/reliability work) ----
#   make fuzz [FUZZ_SECONDS=N]  build the libFuzzer targets of tests/fuzz/ with
#                               clang + ASan + UBSan in build-fuzz/ and run each
#                               for N seconds on its seed corpus (scripts/fuzz-smoke.sh)
#   make fuzz-build             only build them (build-fuzz/fuzz/fuzz_*)
#   make reliability-check      kill -9 during import, concurrent imports and
#                               finalizes, write limits (tests/t_reliability_*.sh)
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
# The import targets need libimport; without import/import.h they are left out.
FUZZ_SRC := $(if $(wildcard import/import.h),$(FUZZ_SRC),$(filter-out tests/fuzz/fuzz_import.c tests/fuzz/fuzz_map.c,$(FUZZ_SRC)))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/fuzz/%)

.PHONY: fuzz-build reliability-check valgrind-demo
fuzz: $(STAMP)
	sh scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

# clang's warnings differ from gcc's: the fuzz build does not make them errors.
fuzz-build:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g -fno-omit-frame-pointer' \
	  WARN='-std=c11 -Wall -Wextra -Wpedantic -Wshadow' \
	  SANITIZE='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
	  $(FUZZ_BIN)

.PRECIOUS: build-fuzz/tests/fuzz/%.o
build-fuzz/fuzz/%: build-fuzz/tests/fuzz/%.o $(LEDGER_OBJ) $(IMPORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_ALL)

# (make check runs them too, with the other tests/t_*.sh)
reliability-check: $(STAMP)
	$(MAKE) --no-print-directory $(PLEDGER)
	@fail=0; for t in tests/t_reliability_*.sh tests/reliability_*.sh; do \
	  tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/pledger-rel-XXXXXX"); \
	  if TMP=$$tmp PLEDGER=$(abspath $(PLEDGER)) EXAMPLES=$(abspath tests/data/examples) PY=/usr/bin/python3 \
	     sh $$t >$$tmp/log 2>&1; then echo "PASS: $$t"; \
	  else echo "FAIL: $$t"; sed 's/^/    /' $$tmp/log | tail -n 40; fail=1; fi; \
	  rm -rf $$tmp; done; exit $$fail

# The whole job (pledger demo, every command in-process) under valgrind:
# no invalid access, no definite or indirect leak.  About 15 s.
valgrind-demo: $(PLEDGER)
	rm -rf build/valgrind-demo
	valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  --show-leak-kinds=definite,indirect --quiet ./$(PLEDGER) demo --dir build/valgrind-demo --loans 300

# ---- the workbench (issue 16) ----
$(BUILD)/ledger/lang.o: CPPFLAGS += -DLOCALEDIR='"$(PREFIX)/share/locale"'
