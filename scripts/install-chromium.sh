#!/usr/bin/env bash
# Chromium for the e2e tests and benchmarks comes from Debian's packages: browser downloads
# (`npx playwright install`) cannot work on these machines.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation fonts-noto-color-emoji >/dev/null
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
