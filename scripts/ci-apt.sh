#!/bin/sh
# Installs the Debian packages the end-to-end tests need: a real Docker engine,
# Debian's docker-compose 1.29.2 and a static busybox to build images from
# (no registry is reachable, so images are assembled locally).
# Idempotent: packages already installed are skipped, and `apt-get update`
# runs at most once, only when something is missing.
set -eu

PACKAGES="docker.io docker-compose busybox-static"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $pkg"
  fi
done

if [ -z "$missing" ]; then
  echo "ci-apt: already installed: $PACKAGES"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
echo "ci-apt: installing:$missing"
$SUDO apt-get update -q
# With recommends, as in the recipe that was tried: docker.io recommends
# apparmor, which dockerd needs on hosts whose kernel enables AppArmor.
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
