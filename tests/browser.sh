#!/usr/bin/env bash
# Makes sure the browser the results-page test drives is here: Debian's chromium and
# chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver), installed from Debian's packages
# when missing, as tests/services.sh does for PostgreSQL. Selenium comes from the lock file.
#
#   tests/browser.sh            # called by tests/services.sh before the suite
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
echo "browser: installing chromium and chromium-driver from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver \
    >/dev/null 2>&1 \
    || { "${sudo_cmd[@]}" apt-get update -q >/dev/null \
        && "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends \
            chromium chromium-driver >/dev/null; }
