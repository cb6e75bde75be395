#!/usr/bin/env bash
# Machine set-up the tests need beyond npm: Debian's chromium for the browser tests (no browser
# downloads work here). Best effort: the browser tests say so and skip when it is missing.
set -u
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "could not install chromium; browser tests will report that they were skipped"
fi
exit 0
