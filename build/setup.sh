#!/usr/bin/env bash
# Installs what CaseFlow needs on a fresh Debian/Ubuntu machine and is not there yet:
# PostgreSQL server binaries (for the embedded database of development and tests), and Debian's chromium with a
# Chinese font for the browser tests (tests/CaseFlow.Ui.Tests).
# Safe to run again: it installs only what is missing.
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else log "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get is not available: install $* with your package manager"; return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v dotnet >/dev/null 2>&1; then
  log "the .NET 10 SDK is required (https://dot.net); install it first"; exit 1
fi

has_postgres() {
  command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

if has_postgres; then
  log "PostgreSQL server binaries: found"
else
  log "PostgreSQL server binaries: installing (apt-get postgresql)"
  # CaseFlow runs its own clusters; the package's default cluster is not wanted.
  as_root mkdir -p /etc/postgresql-common
  echo 'create_main_cluster = false' | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
  apt_install postgresql
  has_postgres || { log "PostgreSQL installation did not provide pg_ctl"; exit 1; }
fi

# As root, CaseFlow runs the server as the postgres OS user (PostgreSQL refuses to run as root).
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  log "creating the postgres OS user"
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
if [ "$(id -u)" -eq 0 ] && ! command -v runuser >/dev/null 2>&1; then
  apt_install util-linux
fi
# The browser tests drive Debian's chromium (Playwright's own browser download is never used); without a CJK font
# Chinese pages render as boxes.
if [ -x /usr/bin/chromium ]; then
  log "chromium: found"
else
  log "chromium: installing (apt-get chromium)"
  apt_install chromium
fi
if fc-list 2>/dev/null | grep -qi 'WenQuanYi Zen Hei'; then
  log "Chinese font (fonts-wqy-zenhei): found"
else
  log "Chinese font: installing (apt-get fonts-wqy-zenhei)"
  apt_install fonts-wqy-zenhei
fi
log "ready"
