#!/bin/sh
# A private Docker engine for the end-to-end tests.
#
#   engine.sh start   start dockerd in a fresh temp dir, wait until it answers
#   engine.sh stop    stop it (by pid), clean up its children, mounts and dir
#   engine.sh env     print DOCKER_HOST=... for the running engine
#   engine.sh status  exit 0 when the recorded engine answers
#
# The daemon touches nothing outside its own directory: its own data, exec
# root, socket and pid file, no iptables rules, no docker0 bridge, and the vfs
# storage driver (works on any filesystem, no overlay mounts). It never
# touches a system docker: the socket lives in the temp dir, and nothing here
# reads or writes /var/run/docker.sock or /var/lib/docker.
#
# State: the file $E2E_ENGINE_STATE (default $TMPDIR/compose-harden-e2e.engine)
# remembers the directory and pid, so `stop` can find them from another shell.
# Point E2E_ENGINE_STATE elsewhere to run independent engines side by side.
#
# Other knobs: E2E_ENGINE_TIMEOUT (seconds to wait for the socket, default 60),
# E2E_ENGINE_KEEP=1 (keep the temp dir after stop, for reading dockerd.log),
# E2E_DOCKER (docker CLI to use; default Debian's /usr/bin/docker, which
# matches the daemon's version, even when another CLI is earlier in PATH).
set -eu

STATE=${E2E_ENGINE_STATE:-${TMPDIR:-/tmp}/compose-harden-e2e.engine}
TIMEOUT=${E2E_ENGINE_TIMEOUT:-60}

if [ -n "${E2E_DOCKER:-}" ]; then
  DOCKER_CLI=$E2E_DOCKER
elif [ -x /usr/bin/docker ]; then
  DOCKER_CLI=/usr/bin/docker
else
  DOCKER_CLI=docker
fi

say() { echo "engine: $*" >&2; }
die() { say "$*"; exit 1; }

# Reads D and PID from the state file; returns 1 when there is none.
load_state() {
  [ -f "$STATE" ] || return 1
  D=$(sed -n 's/^dir=//p' "$STATE")
  PID=$(sed -n 's/^pid=//p' "$STATE")
  [ -n "$D" ] && [ -n "$PID" ] || die "state file $STATE is malformed"
}

# True when $1 is one of the engine's own processes (dockerd, its containerd,
# a containerd shim) and its command line names our directory, so neither a
# recycled pid nor a process of a system docker is ever signalled.
is_ours() {
  comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
  case $comm in
    dockerd | containerd | containerd-shim*) ;;
    *) return 1 ;;
  esac
  { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -qF "$D/"
}

# Every live engine process of our directory. containerd and docker-proxy die
# with dockerd (parent-death signal); containerd shims do not: after a dockerd
# crash they and their containers live on, reparented to init.
our_pids() {
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    is_ours "$pid" && echo "$pid"
  done
  return 0
}

# Children of pid $1 (a shim's children are its containers' init processes).
children_of() {
  for p in /proc/[0-9]*; do
    ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "$p/status" 2>/dev/null) || continue
    [ "$ppid" = "$1" ] && echo "${p#/proc/}"
  done
  return 0
}

# Sends TERM, waits up to $2 seconds, then KILL.
stop_pid() {
  pid=$1 wait_s=$2
  is_ours "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  i=0
  while is_ours "$pid" && [ "$i" -lt $((wait_s * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
  done
  if is_ours "$pid"; then
    say "pid $pid ignored TERM for ${wait_s}s, killing"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
}

engine_docker() {
  DOCKER_HOST="unix://$D/docker.sock" "$DOCKER_CLI" "$@"
}

# A daemon whose socket exists but hangs must not hang us too.
answers() {
  timeout 10 env DOCKER_HOST="unix://$D/docker.sock" "$DOCKER_CLI" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

cmd_start() {
  if load_state; then
    if is_ours "$PID"; then
      die "already running (pid $PID, DOCKER_HOST=unix://$D/docker.sock); run '$0 stop' first"
    fi
    say "removing stale state of a dead engine in $D"
    cmd_stop
  fi
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found; run scripts/ci-apt.sh"
  if [ -S /run/containerd/containerd.sock ]; then
    # dockerd prefers a running system containerd over starting its own.
    say "warning: a system containerd is running; dockerd will use it (namespace moby)"
  fi

  mkdir -p "$(dirname "$STATE")"
  D=$(mktemp -d "${TMPDIR:-/tmp}/ch-e2e-engine.XXXXXX")
  # stdin/stdout/stderr all detached from the caller: a daemon holding the
  # caller's pipes open makes CI wait for it forever. A session of its own,
  # so a Ctrl-C meant for the tests does not reach it: `stop` shuts it down
  # in order (containers, networks, daemon).
  setsid -w dockerd \
    --data-root "$D/data" \
    --exec-root "$D/exec" \
    --pidfile "$D/docker.pid" \
    -H "unix://$D/docker.sock" \
    --iptables=false --ip6tables=false \
    --bridge=none \
    --storage-driver=vfs \
    < /dev/null > "$D/dockerd.log" 2>&1 &
  PID=$!
  printf 'dir=%s\npid=%s\n' "$D" "$PID" > "$STATE"

  deadline=$(($(date +%s) + TIMEOUT))
  while :; do
    if ! kill -0 "$PID" 2>/dev/null; then
      say "dockerd exited during start-up; its log:"
      cat "$D/dockerd.log" >&2
      cmd_stop
      exit 1
    fi
    if [ -S "$D/docker.sock" ] && answers; then
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "dockerd did not answer on $D/docker.sock within ${TIMEOUT}s; its log:"
      cat "$D/dockerd.log" >&2
      cmd_stop
      exit 1
    fi
    sleep 0.1
  done
  # setsid forks (and waits) when it has to; the daemon's pid file is authoritative.
  if [ -s "$D/docker.pid" ]; then
    PID=$(cat "$D/docker.pid")
    printf 'dir=%s\npid=%s\n' "$D" "$PID" > "$STATE"
  fi
  say "started dockerd pid $PID in $D"
  echo "DOCKER_HOST=unix://$D/docker.sock"
}

cmd_stop() {
  if ! load_state; then
    say "not running (no state file $STATE)"
    return 0
  fi
  # The engine is private, so everything in it goes: containers first, then
  # the networks, whose bridge interfaces would otherwise outlive dockerd.
  if is_ours "$PID" && answers; then
    ids=$(engine_docker ps -aq)
    [ -z "$ids" ] || engine_docker rm -f $ids >/dev/null || say "could not remove containers"
    engine_docker network prune -f >/dev/null || say "could not remove networks"
  fi
  # dockerd stops its containers and its own containerd on TERM.
  if [ -f "$D/docker.pid" ]; then
    stop_pid "$(cat "$D/docker.pid")" 30
  fi
  stop_pid "$PID" 30
  if [ -f "$D/exec/containerd/containerd.pid" ]; then
    stop_pid "$(cat "$D/exec/containerd/containerd.pid")" 10
  fi
  for pid in $(our_pids); do
    # A container's init is PID 1 of its pid namespace: killing it ends the
    # whole container; then its shim exits.
    for child in $(children_of "$pid"); do
      say "killing leftover container process $child (shim $pid)"
      kill -KILL "$child" 2>/dev/null || true
    done
    say "stopping leftover pid $pid"
    stop_pid "$pid" 5
  done
  left=$(our_pids)
  if [ -n "$left" ]; then
    ps -o pid,args -p "$(echo $left | tr ' ' ',')" >&2 || true
    die "processes of $D still running: $left"
  fi

  # Bridges of networks a crashed dockerd could not remove, named br-<id:12>
  # after the ids in its network store.
  kv="$D/data/network/files/local-kv.db"
  if [ -f "$kv" ] && command -v ip >/dev/null 2>&1; then
    for id in $(grep -aoE 'docker/network/v1\.0/bridge/[0-9a-f]{64}' "$kv" | sed 's|.*/||' | sort -u); do
      br="br-$(echo "$id" | cut -c1-12)"
      if ip link show "$br" >/dev/null 2>&1; then
        say "removing leftover bridge $br"
        ip link delete "$br" || say "could not remove bridge $br"
      fi
    done
  fi

  # Mounts dockerd may leave behind (container shm, network namespaces),
  # deepest first, before the directory is removed.
  awk -v d="$D/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || say "could not unmount $m"; done
  if awk -v d="$D/" 'index($5, d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    die "mounts under $D remain; not removing it"
  fi

  if [ "${E2E_ENGINE_KEEP:-}" = 1 ]; then
    say "stopped; kept $D (dockerd.log inside)"
  else
    rm -rf --one-file-system "$D"
    say "stopped; removed $D"
  fi
  rm -f "$STATE"
}

cmd_env() {
  load_state || die "not running (no state file $STATE)"
  is_ours "$PID" || die "recorded dockerd (pid $PID) is not running"
  echo "DOCKER_HOST=unix://$D/docker.sock"
}

cmd_status() {
  load_state || die "not running"
  is_ours "$PID" && answers || die "recorded dockerd (pid $PID) does not answer"
  say "running: pid $PID, DOCKER_HOST=unix://$D/docker.sock"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
