#!/bin/sh
# bootstrap.sh — make sure the Debian 12 packages pledger needs are present.
#
# Run by `make check` and `make demo` before anything else.  As root it
# installs what is missing with apt-get; as another user it prints the exact
# command to run and fails.  Exit 0 when everything is there.
set -eu

PKGS="gcc make pkg-config libc6-dev libsqlite3-dev sqlite3 libxlsxwriter-dev \
libcsv-dev check python3 python3-openpyxl valgrind time clang libclang-rt-14-dev \
libzip-dev libexpat1-dev libfreexl-dev libmicrohttpd-dev libsodium-dev gettext \
chromium chromium-driver python3-selenium libreoffice-calc-nogui poppler-utils \
fonts-noto-cjk"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "bootstrap: missing Debian packages:$missing" >&2
	echo "bootstrap: run as root: $cmd" >&2
	exit 1
fi
echo "bootstrap: installing$missing" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
