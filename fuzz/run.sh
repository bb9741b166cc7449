#!/usr/bin/env bash
# Contract fuzzing against a live server: Portman (pinned in package-lock.json) turns the OpenAPI
# document the server serves into Postman requests, adds fuzzed variations (required members
# removed, numbers and lengths past their bounds), and runs them with Newman. Every answer must be
# below 500, and every error answer the JSON error envelope (portman-config.json says how).
# The server runs from target/assetgate.jar on a free loopback port with a fresh data directory
# holding one project, an all-permissions key and one file. Bounded to about two minutes.
# Works from any directory: `bash fuzz/run.sh`. Output: fuzz/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "fuzz: npm ci"
  npm ci --ignore-scripts --no-audit --no-fund
  touch node_modules
fi

out="$PWD/out"
rm -rf "$out" && mkdir -p "$out"
data=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

"$root/assetgate" --version >/dev/null                  # builds target/assetgate.jar when it is missing or old
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
java -jar "$root/target/assetgate.jar" serve --data-dir "$data" --host 127.0.0.1 --port "$port" >"$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 120); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done
curl -sf "$base/health" >/dev/null || { echo "fuzz: the server did not start" >&2; cat "$out/server.log" >&2; exit 1; }

cli() { java -jar "$root/target/assetgate.jar" "$@" --data-dir "$data"; }   # the CLI beside the running server
cli project create fuzz >/dev/null
key=$(cli key create --company --permissions all --description fuzz | tail -n 1)

printf 'hello' >"$out/hello.txt"
file_uuid=$(curl -sf -H "X-Filerobot-Key: $key" -F "files[]=@$out/hello.txt" "$base/fuzz/v4/files?folder=/docs" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["file"]["uuid"])')
curl -sf "$base/openapi.json" >"$out/openapi.json"

export PORTMAN_API_KEY="$key" PORTMAN_PROJECT_TOKEN=fuzz PORTMAN_FILE_UUID="$file_uuid"
timeout --kill-after=10 150 npx --no-install portman --local "$out/openapi.json" --baseUrl "$base" \
  --portmanConfigFile portman-config.json --output "$out/collection.json" --runNewman \
  --newmanOptionsFile newman-options.json
