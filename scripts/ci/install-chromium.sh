#!/bin/sh
# Installs Debian's chromium for the browser test (src/client/__tests__/ui.test.ts).
# The test drives it through playwright-core; playwright's own browser downloads stay off.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=''
if [ "$(id -u)" != 0 ]; then
  SUDO='sudo'
fi

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation
