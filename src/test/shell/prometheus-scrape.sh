#!/usr/bin/env bash
# A real Prometheus (Debian's `prometheus` package) scrapes a running server during a short mixed
# load; then the series the operations guide documents are read back through Prometheus's own HTTP
# API (/api/v1/query) and checked against what the load did: requests by route template and status,
# denials by code and reason, limiter decisions, the catalog pool and catalog operations. Every query
# of the Grafana dashboard (docs/grafana/assetgate.json) must also be accepted by Prometheus.
# The server runs from target/assetgate.jar with metrics=port on free loopback ports; Prometheus runs
# as a plain process with a temporary configuration and storage (never as the system service).
# Works from any directory: `bash src/test/shell/prometheus-scrape.sh`. Bounded to about a minute.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
command -v prometheus >/dev/null || { echo "prometheus-scrape: needs Debian's prometheus package (apt-get install prometheus)" >&2; exit 1; }

work=$(mktemp -d)
data="$work/data"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$root/assetgate" --version >/dev/null                   # builds target/assetgate.jar when it is missing or old
port=$(free_port); metrics_port=$(free_port); prom_port=$(free_port)
base="http://127.0.0.1:$port"
ASSETGATE_METRICS=port ASSETGATE_METRICS_PORT="$metrics_port" ASSETGATE_ACCESS_LOG=off \
  java -jar "$root/target/assetgate.jar" serve --data-dir "$data" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done
curl -sf "$base/health" >/dev/null || { echo "prometheus-scrape: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: assetgate
    static_configs: [{targets: ["127.0.0.1:$metrics_port"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
prom="http://127.0.0.1:$prom_port"
for _ in $(seq 60); do curl -sf "$prom/-/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$prom/-/ready" >/dev/null || { echo "prometheus-scrape: Prometheus did not start" >&2; cat "$work/prometheus.log" >&2; exit 1; }

# --- the load: a project, a key, two templates; uploads, reads, refusals, a listing limit
cli() { java -jar "$root/target/assetgate.jar" "$@" --data-dir "$data"; }
cli project create scrape >/dev/null
key=$(cli key create --company --permissions all --description scrape | tail -n 1)
echo '{"permissions":["OBJECTS_LIST"],"listing":{"dir_scope":["/docs"],"max":3}}' >"$work/limited.json"
template=$(cli template create --project scrape --file "$work/limited.json" | tail -n 1)
sass=$(curl -sf "$base/scrape/key/$template" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect() { local want=$1; shift; local got; got=$(status "$@"); [ "$got" = "$want" ] || { echo "prometheus-scrape: expected $want, got $got: $*" >&2; exit 1; }; }
printf 'hello' >"$work/hello.txt"
uuids=()
for i in $(seq 20); do
  uuids+=("$(curl -sf -H "X-Filerobot-Key: $key" -F "files[]=@$work/hello.txt;filename=f$i.txt" "$base/scrape/v4/files?folder=/docs" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["file"]["uuid"])')")
done
for i in $(seq 30); do expect 200 -H "X-Filerobot-Key: $key" "$base/scrape/v5/files/${uuids[$((i % 20))]}"; done
for _ in $(seq 10); do expect 401 -H "X-Filerobot-Key: agsk_$(printf '0%.0s' $(seq 64))" "$base/scrape/v5/files?folder=/"; done
for _ in $(seq 5); do expect 403 -H "X-Filerobot-Key: $sass" "$base/scrape/v5/files?folder=/elsewhere"; done
for _ in $(seq 3); do expect 200 -H "X-Filerobot-Key: $sass" "$base/scrape/v5/files?folder=/docs"; done
for _ in $(seq 2); do expect 429 -H "X-Filerobot-Key: $sass" "$base/scrape/v5/files?folder=/docs"; done

# --- read it back through Prometheus
PROM="$prom" DASHBOARD="$root/docs/grafana/assetgate.json" python3 - <<'PY'
import json, os, sys, time, urllib.parse, urllib.request

prom = os.environ["PROM"]

def query(expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise AssertionError(f"{expr}: {body}")
    return body["data"]["result"]

def value(expr):
    result = query(expr)
    return None if not result else float(result[0]["value"][1])

checks = [
    ('sum(assetgate_http_requests_seconds_count{method="GET",route="/{token}/v5/files/{uuid}",status="200"})', lambda v: v == 30, "30 file details"),
    ('sum(assetgate_http_requests_seconds_count{method="POST",route="/{token}/v4/files",status="200"})', lambda v: v == 20, "20 uploads"),
    ('sum(assetgate_http_requests_seconds_count{route="/{token}/v5/files",status="401"})', lambda v: v == 10, "10 unauthenticated listings"),
    ('sum(assetgate_http_requests_seconds_bucket{route="/{token}/v5/files/{uuid}",status="200",le="+Inf"})', lambda v: v == 30, "the latency histogram"),
    ('sum(assetgate_access_denials_total{code="UNAUTHORIZED",reason="api_key_unknown"})', lambda v: v == 10, "10 unknown-key denials"),
    ('sum(assetgate_access_denials_total{code="FOLDER_NOT_ALLOWED",reason="outside_list_scope"})', lambda v: v == 5, "5 out-of-scope denials"),
    ('sum(assetgate_access_denials_total{code="RATE_LIMITED",reason="limit:listing.max"})', lambda v: v == 2, "2 rate-limit denials"),
    ('sum(assetgate_limiter_decisions_total{limit="listing.max",decision="allowed"})', lambda v: v == 3, "3 listings allowed by listing.max"),
    ('sum(assetgate_limiter_decisions_total{limit="listing.max",decision="refused"})', lambda v: v == 2, "2 listings refused by listing.max"),
    ('sum(assetgate_limiter_decision_time_seconds_count)', lambda v: v >= 5, "limiter decision times"),
    ('sum(assetgate_audit_events_total{kind="sass_key.minted"})', lambda v: v == 1, "1 SASS key minted"),
    ('hikaricp_connections_max{pool="assetgate-sqlite"}', lambda v: v == 4, "the catalog pool's size"),
    ('hikaricp_connections_active{pool="assetgate-sqlite"}', lambda v: 0 <= v <= 4, "active catalog connections"),
    ('hikaricp_connections_pending{pool="assetgate-sqlite"}', lambda v: v >= 0, "catalog waiters"),
    ('sum(assetgate_catalog_operations_seconds_count{kind="transaction",outcome="ok"})', lambda v: v >= 20, "catalog transactions"),
    ('sum(assetgate_blobs_written_bytes_total)', lambda v: v == 100, "100 blob bytes written"),
    ('assetgate_data_volume_free_bytes', lambda v: v > 0, "data volume free"),
    ('up{job="assetgate"}', lambda v: v == 1, "the target is up"),
]

# the last requests must have been scraped: wait until the latest count is in
deadline = time.time() + 20
while time.time() < deadline and value(checks[8][0]) != 2:
    time.sleep(0.5)

passed = failed = 0
for expr, ok, what in checks:
    v = value(expr)
    if v is not None and ok(v):
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}: {expr} = {v}", file=sys.stderr)

dashboard = json.load(open(os.environ["DASHBOARD"]))
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        expr = target["expr"].replace("$job", ".*").replace("$instance", ".*").replace("$__rate_interval", "1m")
        try:
            query(expr)
            passed += 1
        except Exception as e:
            failed += 1
            print(f"FAIL dashboard panel '{panel['title']}': {e}", file=sys.stderr)

print(f"prometheus-scrape: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
