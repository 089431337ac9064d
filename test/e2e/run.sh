#!/bin/sh
# Runs the end-to-end suites on a private Docker engine:
# start the engine, build the busybox images, run every test/e2e/*.e2e.ts,
# stop the engine (always, by its pid, via the trap) and print the timings.
# Needs root and the packages of scripts/ci-apt.sh. Extra arguments are
# passed to uvu (e.g. a pattern). A missing engine is a failure, never a skip.
set -eu

cd "$(dirname "$0")/../.."

now_ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(now_ms)

# A state file of our own: never collides with an engine started by hand.
state_dir=$(mktemp -d "${TMPDIR:-/tmp}/ch-e2e-run.XXXXXX")
export E2E_ENGINE_STATE="$state_dir/engine"
# Scratch space of the suites (project copies, planted secrets): removed here
# even when an interrupt kills the tests before their own clean-up runs.
export E2E_TMPDIR="$state_dir/tmp"
mkdir "$E2E_TMPDIR"

cleanup() {
  status=$?
  trap - EXIT INT TERM
  test/e2e/engine.sh stop || status=1
  # examples.e2e.ts bind-mounts a scratch directory onto itself (shared propagation); an interrupted run
  # leaves it mounted. Deepest first, before the directory goes.
  awk -v d="$state_dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || echo "e2e: could not unmount $m" >&2; done
  rm -rf --one-file-system "$state_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The suites run the CLI the way users do (dist/cli.js), so it is built from the current sources first.
npm run build --silent
t_build=$(now_ms)

host_line=$(test/e2e/engine.sh start)
export "${host_line?}"
t1=$(now_ms)

test/e2e/images.sh build
t2=$(now_ms)

set +e
node --import tsx node_modules/uvu/bin.js test/e2e '\.e2e\.ts$' "$@"
rc=$?
set -e
t3=$(now_ms)

echo "e2e timing: build $((t_build - t0)) ms, engine start $((t1 - t_build)) ms, images $((t2 - t1)) ms, tests $((t3 - t2)) ms, total before stop $((t3 - t0)) ms" >&2
exit "$rc"
