#!/usr/bin/env bash
# The launcher builds once: on a clean copy of the sources, a second ./assetgate started while the
# first one builds waits for that build (and says so) instead of starting another Maven build in the
# same target/ (which broke maven-shade); both then run. The first shows Maven's progress.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cp -r "$root/pom.xml" "$root/assetgate" "$work/"
cp -r "$root/src/main" "$work/src/"

fail() {
  echo "FAIL: $1" >&2
  for f in first second; do echo "--- $f, stderr:" >&2; cat "$work/$f.err" >&2; done
  exit 1
}

"$work/assetgate" --version >"$work/first.out" 2>"$work/first.err" &
first=$!
for _ in $(seq 1 600); do # until the first one holds the lock and builds
  grep -q "^assetgate: building" "$work/first.err" 2>/dev/null && break
  sleep 0.1
done
"$work/assetgate" --version >"$work/second.out" 2>"$work/second.err" &
second=$!
wait "$first" || fail "the first launcher exited with $?"
wait "$second" || fail "the second launcher exited with $?"

grep -q "^assetgate 0.1.0" "$work/first.out" || fail "the first launcher did not run the CLI"
grep -q "^assetgate 0.1.0" "$work/second.out" || fail "the second launcher did not run the CLI"
grep -q "waiting for it" "$work/second.err" || fail "the second launcher did not say it waits for the build"
if grep -q "^assetgate: building" "$work/second.err"; then fail "the second launcher built again"; fi
grep -q "compile" "$work/first.err" || fail "the build showed no progress"
grep -q "BUILD SUCCESS" "$work/first.err" || fail "the build did not report its end"
[ -f "$work/target/assetgate.jar" ] || fail "no target/assetgate.jar"
echo "launcher: one build, the second launcher waited for it; both ran"
