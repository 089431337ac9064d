#!/bin/sh
# Builds the end-to-end test images from the static busybox: no registry is
# reachable, so every image is a local root filesystem fed to `docker import`.
#
#   images.sh build              build both images below
#   images.sh tag SOURCE NAME... tag SOURCE under each NAME (the image names
#                                example projects use, e.g. postgres:16)
#
#   e2e-probe:latest      busybox + applet links, /etc/passwd and /etc/group
#                         with root, postgres 999:999, nginx 101:101,
#                         node 1000:1000, nobody 65534:65534; CMD /bin/idle.
#   e2e-drop-priv:latest  the same, plus /data (root-owned) and an entrypoint
#                         that starts as root, `chown -R 999:999 /data`, then
#                         drops to postgres with busybox `su` (this busybox has
#                         no setuidgid/chpst, and its setpriv lacks --reuid), and
#                         as postgres creates /data/pgdata mode 0700, like
#                         initdb does, before exec'ing its command.
#
# Only talks to the engine named by DOCKER_HOST (engine.sh env); refuses to
# run without it so a system docker is never touched.
set -eu

[ -n "${DOCKER_HOST:-}" ] || { echo "images: DOCKER_HOST is not set (eval \"export \$(test/e2e/engine.sh env)\")" >&2; exit 1; }

if [ -n "${E2E_DOCKER:-}" ]; then
  DOCKER_CLI=$E2E_DOCKER
elif [ -x /usr/bin/docker ]; then
  DOCKER_CLI=/usr/bin/docker
else
  DOCKER_CLI=docker
fi

BUSYBOX=${E2E_BUSYBOX:-/bin/busybox}

PROBE_IMAGE=e2e-probe:latest
DROP_PRIV_IMAGE=e2e-drop-priv:latest

# Lays out a minimal root filesystem in $1.
make_rootfs() {
  r=$1
  mkdir -p "$r/bin" "$r/etc" "$r/dev" "$r/proc" "$r/sys" "$r/run" "$r/root" \
    "$r/home/node" "$r/var/run" "$r/var/cache" "$r/usr/local/bin" "$r/tmp"
  chmod 1777 "$r/tmp"
  chmod 0700 "$r/root"
  ln -s bin "$r/sbin"
  mkdir -p "$r/usr"
  ln -s ../bin "$r/usr/bin"
  ln -s ../bin "$r/usr/sbin"
  # Static binary: no libraries to copy.
  cp "$BUSYBOX" "$r/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$r/bin/$applet"
  done

  cat > "$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nginx:x:101:101:nginx:/var/cache/nginx:/bin/sh
postgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh
node:x:1000:1000:node:/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
  cat > "$r/etc/group" <<'EOF'
root:x:0:
nginx:x:101:
postgres:x:999:
node:x:1000:
nogroup:x:65534:
EOF
  printf '/bin/sh\n/bin/ash\n' > "$r/etc/shells"
  chown -R 1000:1000 "$r/home/node"

  # A PID 1 that exits on TERM at once (a bare `sleep` as PID 1 ignores TERM,
  # so every `docker stop` would wait out its grace period). It does nothing
  # else: no network, no files.
  cat > "$r/bin/idle" <<'EOF'
#!/bin/sh
trap 'exit 0' TERM INT
sleep 86400 &
wait
EOF
  chmod 0755 "$r/bin/idle"
}

import_rootfs() {
  dir=$1 name=$2
  shift 2
  # --numeric-owner keeps the uids planted above whatever the host's names are.
  tar --numeric-owner -C "$dir" -c . | "$DOCKER_CLI" import "$@" - "$name" >/dev/null
  echo "images: built $name" >&2
}

cmd_build() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/ch-e2e-images.XXXXXX")
  trap 'rm -rf "$work"' EXIT

  make_rootfs "$work/probe"
  import_rootfs "$work/probe" "$PROBE_IMAGE" -c 'CMD ["/bin/idle"]'

  r="$work/drop-priv"
  make_rootfs "$r"
  mkdir -p "$r/data/sub"
  echo seed > "$r/data/sub/seed.txt"
  cat > "$r/entrypoint.sh" <<'EOF'
#!/bin/sh
# Starts as root, takes ownership of /data for the service user and re-execs
# itself as that user: the docker-library entrypoint pattern (gosu/su-exec).
set -e
if [ "$(id -u)" = 0 ]; then
  chown -R 999:999 /data
  exec su -s /bin/sh postgres -c 'exec "$0" "$@"' "$0" "$@"
fi
mkdir -p /data/pgdata
chmod 0700 /data/pgdata
echo started > /data/pgdata/marker
exec "$@"
EOF
  chmod 0755 "$r/entrypoint.sh"
  import_rootfs "$r" "$DROP_PRIV_IMAGE" \
    -c 'ENTRYPOINT ["/entrypoint.sh"]' -c 'CMD ["/bin/idle"]'
}

cmd_tag() {
  [ $# -ge 2 ] || { echo "usage: $0 tag SOURCE NAME..." >&2; exit 2; }
  src=$1
  shift
  for name in "$@"; do
    "$DOCKER_CLI" tag "$src" "$name"
  done
}

case "${1:-}" in
  build) cmd_build ;;
  tag) shift; cmd_tag "$@" ;;
  *) echo "usage: $0 build | tag SOURCE NAME..." >&2; exit 2 ;;
esac
