#!/usr/bin/env bash
# One command for every benchmark of issue 7; writes bench/RESULTS.md (raw figures: target/bench/).
#   bash bench/run.sh
# Needs: JDK 17, Maven, curl, python3, sqlite3, psql + PostgreSQL on 127.0.0.1:5432 (user postgres,
# trust, database test; skipped when absent), wrk and nginx-light (installed with apt-get when missing).
# Paced latency rows use src/test/java/dev/assetgate/bench/PacedLoad (wrk cannot pace; wrk2 and
# vegeta are not in Debian 12).
# Sizes (defaults fit ~20 minutes on 2 cores; raise them on bigger machines):
#   BENCH_DURATION=10    seconds per wrk run        BENCH_RUNS=3      runs per figure (median, min..max)
#   BENCH_WARMUP=5       seconds of warm-up         BENCH_CONNECTIONS=16  wrk connections (2 threads)
#   BENCH_BIG_MB=256     large file size            BENCH_LIST_SIZES="10000 100000"  catalog sizes (add 1000000)
#   BENCH_LIST_DURATION=5  seconds per listing run  BENCH_JMH=1       0 skips the JMH part
#   BENCH_IMPORT_FILES=10000  BENCH_IMPORT_BIG_MB=1024  BENCH_IMPORT_WORKERS=8  the import section's sizes
#   BENCH_ARCHIVE_FILES=1000  BENCH_ARCHIVE_MB=1024  the archive section: that many random files of that total size
#   BENCH_IMAGE_N=30     uncached thumbnails timed one by one (and vipsthumbnail runs)
#   BENCH_IMAGE_ENGINES="vips java"  image engines measured side by side (default: both when libvips is installed)
#   BENCH_CLUSTER_BLOBS=disk  blobs of the cluster section's node (disk, or s3: on the embedded S3Proxy)
#   BENCH_ONLY=jmh,access,data,s3,cluster,small,list,import,archive,images,metrics  runs only the named sections (comma list; default: all);
#     a partial run writes target/bench/RESULTS-partial.md and leaves bench/RESULTS.md alone
#   BENCH_JAR=target/assetgate.jar  the server jar to measure (e.g. an older build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DUR=${BENCH_DURATION:-10}; RUNS=${BENCH_RUNS:-3}; WARM=${BENCH_WARMUP:-5}; CONN=${BENCH_CONNECTIONS:-16}
BIG_MB=${BENCH_BIG_MB:-256}; LIST_SIZES=${BENCH_LIST_SIZES:-"10000 100000"}; LDUR=${BENCH_LIST_DURATION:-5}
OUT=$ROOT/target/bench; mkdir -p "$OUT"; R=$OUT/results.tsv; : > "$R"
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/assetgate-bench.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS bench_run CASCADE" >/dev/null 2>&1 || true; }
trap cleanup EXIT
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
rec() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$R"; }   # key, value, note
want() { [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]; }   # want SECTION: is it part of this run?

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }
if [ -n "${BENCH_JAR:-}" ]; then JAR=$(realpath "$BENCH_JAR"); else
  # always rebuilt: a jar left from an older checkout would measure old code
  log "building the jar"; mvn -q -B -DskipTests package
  JAR=$ROOT/target/assetgate.jar
fi

# machine
rec machine.cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" ""
rec machine.cores "$(nproc)" ""
rec machine.mem "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)" ""
rec machine.jdk "$(java -version 2>&1 | head -n 2 | tr '\n' ' ')" ""
rec machine.os "$(. /etc/os-release; echo "$PRETTY_NAME") / $(uname -r)" ""
rec machine.date "$(date -u +%Y-%m-%dT%H:%MZ)" ""
rec machine.disk "$(df -h "$WORK" | awk 'NR==2{print $1" ("$2", fs "}')$(stat -f -c %T "$WORK"))" ""
rec sizes "duration=${DUR}s runs=$RUNS warmup=${WARM}s connections=$CONN big=${BIG_MB}MB list=[$LIST_SIZES] list_duration=${LDUR}s" ""

# ---------------------------------------------------------------- JMH (in-process)
if [ "${BENCH_JMH:-1}" = 1 ] && want jmh; then
  log "JMH, 1 thread"
  bash bench/run-jmh.sh AccessBenchmark -t 1 > "$OUT/jmh-t1.txt" 2>&1 && cp target/jmh-result.txt "$OUT/jmh-t1-result.txt"
  log "JMH, $(nproc) threads"
  bash bench/run-jmh.sh AccessBenchmark -t max > "$OUT/jmh-tmax.txt" 2>&1 && cp target/jmh-result.txt "$OUT/jmh-tmax-result.txt"
  log "JMH, limiter decision (in-process and Redis on 127.0.0.1:6379)"
  if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    bash bench/run-jmh.sh LimiterBenchmark -t 1 > "$OUT/jmh-limiter.txt" 2>&1 && cp target/jmh-result.txt "$OUT/jmh-limiter-result.txt"
  else
    bash bench/run-jmh.sh 'LimiterBenchmark.localDecision' -t 1 > "$OUT/jmh-limiter.txt" 2>&1 && cp target/jmh-result.txt "$OUT/jmh-limiter-result.txt"
  fi
  log "JMH, API-key verification (HMAC + catalog read; SQLite, and PostgreSQL on 127.0.0.1:5432 when there)"
  APIKEY_DBS=sqlite
  psql -q -h 127.0.0.1 -U postgres -d test -c "SELECT 1" >/dev/null 2>&1 && APIKEY_DBS=sqlite,postgres
  bash bench/run-jmh.sh ApiKeyBenchmark -t 1 -p catalog=$APIKEY_DBS > "$OUT/jmh-apikey.txt" 2>&1 && cp target/jmh-result.txt "$OUT/jmh-apikey-result.txt"
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS bench_jmh_apikey CASCADE" >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------- helpers
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_server NAME DATADIR [ENV=VAL...]: starts serve, sets SPID and BASE
start_server() {
  local name=$1 dir=$2; shift 2
  local port; port=$(free_port)
  # no access log: the figures stay comparable with runs from before it existed
  env ASSETGATE_DATA_DIR="$dir" ASSETGATE_HOST=127.0.0.1 ASSETGATE_PORT="$port" ASSETGATE_ACCESS_LOG=off "$@" \
    java -jar "$JAR" serve > "$OUT/server-$name.log" 2>&1 &
  SPID=$!; PIDS+=("$SPID"); BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do curl -sf "$BASE/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "server $name did not start"; cat "$OUT/server-$name.log" >&2; exit 1
}
stop_server() { kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }
cli() { env "$@"; }
rss_kb() { awk '/VmRSS/{print $2}' /proc/"$1"/status; }
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
hwm_kb() { awk '/VmHWM/{print $2}' /proc/"$1"/status; }
# wrk_series KEY URL DURATION [wrk args...]: warm-up, then RUNS runs; records rps and p50/p99 (ms) per run,
# and with CPU_PID set, that server process's CPU time per request (µs, user + system): less moved by
# the host's speed than requests/s, and comparable across servers of one run
wrk_series() {
  local key=$1 url=$2 d=$3; shift 3
  wrk -t2 -c"$CONN" -d"${WARM}s" "$@" "$url" > /dev/null
  for i in $(seq 1 "$RUNS"); do
    local t0=""; [ -n "${CPU_PID:-}" ] && t0=$(cpu_ticks "$CPU_PID")
    wrk -t2 -c"$CONN" -d"${d}s" --latency "$@" "$url" > "$OUT/wrk-$key-$i.txt"
    local ticks=""; [ -n "$t0" ] && ticks=$(( $(cpu_ticks "$CPU_PID") - t0 ))
    python3 - "$OUT/wrk-$key-$i.txt" "$key" "$ticks" "$(getconf CLK_TCK)" >> "$R" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); k = sys.argv[2]
if sys.argv[3]:
    n = int(re.search(r'(\d+) requests in', t).group(1))
    print(f"{k}.cpu_us\t{int(sys.argv[3]) * 1e6 / int(sys.argv[4]) / n:.1f}\t")
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)', v); x = float(m.group(1))
    return x / 1000 if m.group(2) == 'us' else x * 1000 if m.group(2) == 's' else x
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
p50 = ms(re.search(r'\n\s+50%\s+(\S+)', t).group(1)); p99 = ms(re.search(r'\n\s+99%\s+(\S+)', t).group(1))
bad = re.search(r'Non-2xx or 3xx responses: (\d+)', t); errs = re.search(r'Socket errors: (.*)', t)
print(f"{k}.rps\t{rps}\t"); print(f"{k}.p50\t{p50}\t"); print(f"{k}.p99\t{p99}\t")
print(f"{k}.non2xx\t{bad.group(1) if bad else 0}\t{errs.group(1) if errs else ''}")
PY
  done
}
now() { date +%s.%N; }
# bench_classes: the bench's Java helpers (S3BenchServer, PacedLoad, DurableBlobs) and their classpath, in BENCH_CP
bench_classes() {
  if [ ! -f target/test-classpath.txt ] || [ ! -f target/test-classes/dev/assetgate/bench/S3BenchServer.class ] \
     || [ ! -f target/test-classes/dev/assetgate/bench/PacedLoad.class ] \
     || [ ! -f target/test-classes/dev/assetgate/bench/DurableBlobs.class ]; then
    mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  fi
  BENCH_CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
}
# paced KEY URL ["Name: value"...]: issue 17's latency row for a wrk row of this run. PacedLoad sends at
# a constant half of KEY's median wrk rate (its peak), latency from each request's intended start
# (no coordinated omission): a warm-up of WARM s, then RUNS runs of DUR s; records KEY.paced.*.
paced() {
  local key=$1 url=$2; shift 2
  local rate
  rate=$(python3 -c 'import statistics, sys
v = [float(l.split("\t")[1]) for l in open(sys.argv[1]) if l.split("\t")[0] == sys.argv[2]]
print(round(statistics.median(v) / 2, 1) if v else 0)' "$R" "$key.rps")
  [ "$rate" != 0 ] || { log "paced $key: no wrk rate in this run"; return 0; }
  bench_classes
  java -Xmx512m -cp "$BENCH_CP" dev.assetgate.bench.PacedLoad "$key.paced" "$url" "$rate" "$WARM" "$DUR" "$RUNS" "$CONN" "$@" \
    >> "$R" 2> "$OUT/paced-$key.log" || { log "paced $key failed"; cat "$OUT/paced-$key.log" >&2; exit 1; }
}

# ---------------------------------------------------------------- shared inputs
BIG=$WORK/big.bin
BYTES=$((BIG_MB * 1048576))
if want data || want s3; then dd if=/dev/urandom of="$BIG" bs=1M count="$BIG_MB" status=none; sync; fi
GEO=$ROOT/src/test/resources/geoip/GeoLite2-Country-Test.mmdb
COMMON=(ASSETGATE_TRUSTED_PROXIES=127.0.0.1/32 ASSETGATE_GEOIP_DATABASE="$GEO" ASSETGATE_KEY_EXCHANGE_PER_MINUTE=100000000)
XFF=81.2.69.142
echo hello > "$WORK/hello.txt"

# ---------------------------------------------------------------- server on disk + SQLite, access layer
if want access || want data; then
D1=$WORK/data-fs; mkdir -p "$D1"
ASSETGATE_DATA_DIR="$D1" java -jar "$JAR" project create bench > /dev/null
KEY=$(ASSETGATE_DATA_DIR="$D1" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
TPL=$(ASSETGATE_DATA_DIR="$D1" java -jar "$JAR" template create --project bench --file bench/template.json | tail -n 1)
start_server fs "$D1" "${COMMON[@]}"
FS_PID=$SPID; FS_BASE=$BASE
sleep 2; rec mem.idle_rss_kb "$(rss_kb "$FS_PID")" "after start, nothing served"
SASS=$(curl -sf -H "X-Forwarded-For: $XFF" "$BASE/bench/key/$TPL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
UUID=$(curl -sf -X PUT -H "X-Filerobot-Key: $KEY" -H "Content-Type: text/plain" --data-binary @"$WORK/hello.txt" \
  "$BASE/bench/v4/files?folder=/pub/a&filename=hello.txt" | python3 -c 'import json,sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", sys.stdin.read()).group(1))')
# sanity: the SASS key passes every check on that route
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Filerobot-Key: $SASS" -H "X-Forwarded-For: $XFF" "$BASE/bench/v5/file/$UUID")
[ "$code" = 200 ] || { log "SASS details answered $code"; exit 1; }

if want access; then
log "HTTP: health / API key / SASS key"
BENCH_KEY="" BENCH_XFF=$XFF wrk_series http.health "$BASE/health" "$DUR" -s bench/wrk/headers.lua
BENCH_KEY=$KEY BENCH_XFF=$XFF wrk_series http.apikey "$BASE/bench/v5/file/$UUID" "$DUR" -s bench/wrk/headers.lua
BENCH_KEY=$SASS BENCH_XFF=$XFF wrk_series http.sass "$BASE/bench/v5/file/$UUID" "$DUR" -s bench/wrk/headers.lua
rec mem.load_rss_kb "$(rss_kb "$FS_PID")" "right after the details runs"
log "HTTP: SASS key issuance"
BENCH_KEY="" BENCH_XFF=$XFF wrk_series http.issue "$BASE/bench/key/$TPL" "$DUR" -s bench/wrk/headers.lua

log "HTTP: small uploads"
for s in 10240 1048576; do
  BENCH_KEY=$KEY BENCH_SIZE=$s BENCH_FOLDER=/small$s wrk_series http.upload$s "$BASE/bench/v4/files" "$DUR" -s bench/wrk/upload.lua
done
rec mem.upload_hwm_kb "$(hwm_kb "$FS_PID")" "peak RSS (VmHWM) after the upload runs"
fi

# ---------------------------------------------------------------- large file vs disk copy
if want data; then
log "large file: ${BIG_MB} MB"
# warm-up (JIT, page cache of the source file): one upload and download, not recorded
curl -sf -X PUT -H "X-Filerobot-Key: $KEY" -H "Content-Type: application/octet-stream" -T "$BIG" \
  "$BASE/bench/v4/files?folder=/big&filename=warm.bin" -o "$WORK/put.json"
curl -sf -H "X-Filerobot-Key: $KEY" "$BASE/bench/v4/get/$(python3 -c 'import sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' "$WORK/put.json")" -o /dev/null
big_blob() { find "$1/blobs" -type f -size +$((BIG_MB * 1024 - 1))k -newer "$BIG" | head -n 1; }
for i in $(seq 1 "$RUNS"); do
  rm -f "$WORK/copy.bin"; sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  t0=$(now); cp "$BIG" "$WORK/copy.bin"; sync; t1=$(now)
  rec disk.copy_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "cp + sync"
  t0=$(now); dd if="$WORK/copy.bin" of=/dev/null bs=1M status=none; t1=$(now)
  rec disk.read_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "dd read (page cache warm)"
  # cp copies inside the kernel (copy_file_range); dd moves every byte through user space, as a server must
  rm -f "$WORK/copy.bin"; sync
  t0=$(now); dd if="$BIG" of="$WORK/copy.bin" bs=1M conv=fsync status=none; t1=$(now)
  rec disk.dd_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "dd bs=1M conv=fsync"
  t0=$(now); curl -sf -X PUT -H "X-Filerobot-Key: $KEY" -H "Content-Type: application/octet-stream" -T "$BIG" \
    "$BASE/bench/v4/files?folder=/big&filename=big-$i.bin" -o "$WORK/put.json"; sync; t1=$(now)
  rec fs.upload_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "PUT stream + sync"
  BUUID=$(python3 -c 'import sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' "$WORK/put.json")
  t0=$(now); curl -sf -H "X-Filerobot-Key: $KEY" "$BASE/bench/v4/get/$BUUID" -o /dev/null; t1=$(now)
  rec fs.download_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "GET permalink"
  t0=$(now); curl -sf -X POST -H "X-Filerobot-Key: $KEY" -F "file=@$BIG;type=application/octet-stream;filename=mp-$i.bin" \
    "$BASE/bench/v4/files?folder=/big" -o /dev/null; sync; t1=$(now)
  rec fs.multipart_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "POST multipart + sync"
done
rec mem.big_hwm_kb "$(hwm_kb "$FS_PID")" "peak RSS after the large-file runs"
rm -f "$WORK/copy.bin"
fi
stop_server
fi

# ---------------------------------------------------------------- S3: Assetgate-on-S3Proxy and S3Proxy direct
CLUSTER_BLOBS=${BENCH_CLUSTER_BLOBS:-disk}
if want s3 || { want cluster && [ "$CLUSTER_BLOBS" = s3 ]; }; then
log "S3 reference (embedded S3Proxy over the filesystem store, same disk)"
bench_classes
S3DIR=$WORK/s3; mkdir -p "$S3DIR"; S3PORT=$(free_port); AK=benchaccess; SK=benchsecretkey0123456789
java -cp "$BENCH_CP" dev.assetgate.bench.S3BenchServer "$S3DIR" "$S3PORT" "$AK" "$SK" > "$OUT/s3proxy.log" 2>&1 &
S3PID=$!; PIDS+=("$S3PID")
for _ in $(seq 1 300); do grep -q READY "$OUT/s3proxy.log" && break; sleep 0.1; done
S3ENV=(ASSETGATE_BLOBS=s3 ASSETGATE_S3_ENDPOINT="http://127.0.0.1:$S3PORT" ASSETGATE_S3_BUCKET=assetgate ASSETGATE_S3_ACCESS_KEY=$AK ASSETGATE_S3_SECRET_KEY=$SK)
fi
if want s3; then
D2=$WORK/data-s3; mkdir -p "$D2"
env "${S3ENV[@]}" ASSETGATE_DATA_DIR="$D2" java -jar "$JAR" project create bench > /dev/null
KEY2=$(env "${S3ENV[@]}" ASSETGATE_DATA_DIR="$D2" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
start_server s3 "$D2" "${S3ENV[@]}"
S3U="http://127.0.0.1:$S3PORT/assetgate"
curl -sf -X PUT -H "X-Filerobot-Key: $KEY2" -H "Content-Type: application/octet-stream" -T "$BIG" \
  "$BASE/bench/v4/files?folder=/big&filename=warm.bin" -o /dev/null   # warm-up, not recorded
curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$BIG" "$S3U/direct/warm.bin" -o /dev/null
for i in $(seq 1 "$RUNS"); do
  t0=$(now); curl -sf -X PUT -H "X-Filerobot-Key: $KEY2" -H "Content-Type: application/octet-stream" -T "$BIG" \
    "$BASE/bench/v4/files?folder=/big&filename=big-$i.bin" -o "$WORK/put.json"; sync; t1=$(now)
  rec s3ag.upload_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "Assetgate blobs=s3 PUT + sync"
  BUUID=$(python3 -c 'import sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' "$WORK/put.json")
  t0=$(now); curl -sf -H "X-Filerobot-Key: $KEY2" "$BASE/bench/v4/get/$BUUID" -o /dev/null; t1=$(now)
  rec s3ag.download_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "Assetgate blobs=s3 GET"
  t0=$(now); curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -T "$BIG" "$S3U/direct/big-$i.bin" -o /dev/null; sync; t1=$(now)
  rec s3direct.upload_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "S3Proxy PUT object (curl SigV4, unsigned payload) + sync"
  t0=$(now); curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "$S3U/direct/big-$i.bin" -o "$WORK/got.bin"; t1=$(now)
  rec s3direct.download_mbs "$(python3 -c "print($BYTES/1048576/($t1-$t0))")" "S3Proxy GET object (curl SigV4)"
  cmp -s "$BIG" "$WORK/got.bin" || log "S3 direct GET returned different bytes"; rm -f "$WORK/got.bin"
done
rec mem.s3proxy_rss_kb "$(rss_kb "$S3PID")" "S3Proxy JVM after the runs"
stop_server
fi

# ---------------------------------------------------------------- the cluster engines: PostgreSQL catalog, Redis counters
# The access-layer routes, file details, small uploads and the public 10 KB GET again, on one node with
# catalog=postgres and counters=redis; issue 17 compares its details / PUT / GET rows with the embedded
# ones of the `small` section (goal >= 0.7 x). Blobs stay on the local disk, so the rows measure the
# catalog and counters alone; BENCH_CLUSTER_BLOBS=s3 puts them on the embedded S3Proxy instead.
if want cluster; then
  if psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS bench_cluster CASCADE; CREATE SCHEMA bench_cluster" >/dev/null 2>&1 \
     && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    log "HTTP on the cluster engines: catalog=postgres, counters=redis, blobs=$CLUSTER_BLOBS"
    D4=$WORK/data-cluster; mkdir -p "$D4"
    CLENV=(ASSETGATE_CATALOG=postgres "ASSETGATE_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench_cluster" ASSETGATE_POSTGRES_USER=postgres
           ASSETGATE_COUNTERS=redis ASSETGATE_REDIS_URL=redis://127.0.0.1:6379 "ASSETGATE_REDIS_PREFIX=assetgate-bench-$$:")
    [ "$CLUSTER_BLOBS" = s3 ] && CLENV+=("${S3ENV[@]}")
    rec cluster.blobs "$CLUSTER_BLOBS" ""
    env "${CLENV[@]}" ASSETGATE_DATA_DIR="$D4" java -jar "$JAR" project create bench > /dev/null
    KEY4=$(env "${CLENV[@]}" ASSETGATE_DATA_DIR="$D4" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
    TPL4=$(env "${CLENV[@]}" ASSETGATE_DATA_DIR="$D4" java -jar "$JAR" template create --project bench --file bench/template.json | tail -n 1)
    start_server cluster "$D4" "${COMMON[@]}" "${CLENV[@]}"
    SASS4=$(curl -sf -H "X-Forwarded-For: $XFF" "$BASE/bench/key/$TPL4" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
    UUID4=$(curl -sf -X PUT -H "X-Filerobot-Key: $KEY4" -H "Content-Type: text/plain" --data-binary @"$WORK/hello.txt" \
      "$BASE/bench/v4/files?folder=/pub/a&filename=hello.txt" | python3 -c 'import json,sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", sys.stdin.read()).group(1))')
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Filerobot-Key: $SASS4" -H "X-Forwarded-For: $XFF" "$BASE/bench/v5/file/$UUID4")
    [ "$code" = 200 ] || { log "cluster: SASS details answered $code"; exit 1; }
    BENCH_KEY="" BENCH_XFF=$XFF wrk_series cluster.health "$BASE/health" "$DUR" -s bench/wrk/headers.lua
    BENCH_KEY=$KEY4 BENCH_XFF=$XFF wrk_series cluster.apikey "$BASE/bench/v5/file/$UUID4" "$DUR" -s bench/wrk/headers.lua
    BENCH_KEY=$SASS4 BENCH_XFF=$XFF wrk_series cluster.sass "$BASE/bench/v5/file/$UUID4" "$DUR" -s bench/wrk/headers.lua
    BENCH_KEY=$KEY4 BENCH_XFF="" wrk_series cluster.details "$BASE/bench/v4/files/$UUID4" "$DUR" -s bench/wrk/headers.lua
    paced cluster.details "$BASE/bench/v4/files/$UUID4" "X-Filerobot-Key: $KEY4"
    BENCH_KEY="" BENCH_XFF=$XFF wrk_series cluster.issue "$BASE/bench/key/$TPL4" "$DUR" -s bench/wrk/headers.lua
    for s in 10240 1048576; do
      BENCH_KEY=$KEY4 BENCH_SIZE=$s BENCH_FOLDER=/small$s wrk_series cluster.upload$s "$BASE/bench/v4/files" "$DUR" -s bench/wrk/upload.lua
    done
    head -c 10240 /dev/urandom > "$WORK/ten.bin"
    curl -sf -X PUT -H "X-Filerobot-Key: $KEY4" -H "Content-Type: application/octet-stream" --data-binary @"$WORK/ten.bin" \
      "$BASE/bench/v4/files?folder=/pub&filename=ten.bin" > /dev/null
    curl -sf "$BASE/bench/cdn/pub/ten.bin" | cmp -s - "$WORK/ten.bin" || { log "cluster: url.cdn returned other bytes"; exit 1; }
    BENCH_KEY="" BENCH_XFF="" wrk_series cluster.cdn10240 "$BASE/bench/cdn/pub/ten.bin" "$DUR" -s bench/wrk/headers.lua
    paced cluster.cdn10240 "$BASE/bench/cdn/pub/ten.bin"
    rec mem.cluster_rss_kb "$(rss_kb "$SPID")" "cluster engines node, after its runs"
    stop_server
    redis-cli -h 127.0.0.1 --scan --pattern "assetgate-bench-$$:*" | xargs -r redis-cli -h 127.0.0.1 del > /dev/null || true
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS bench_cluster CASCADE" >/dev/null 2>&1 || true
  else
    log "cluster engines: no PostgreSQL or Redis on 127.0.0.1 — skipped"; rec cluster.skipped 1 ""
  fi
fi
[ -n "${S3PID:-}" ] && kill "$S3PID" 2>/dev/null || true

# ---------------------------------------------------------------- small objects beside their peers (issue 17)
# The same 10 KB file (random bytes) from three servers on the same disk, each warmed like every row:
# Assetgate's public url.cdn path (SQLite, blobs on disk), S3Proxy's GET object (filesystem store, no
# authentication: S3's cheapest GET) and nginx serving it as a static file (the ceiling: no Java, no
# catalog). nginx runs as a plain process on a temporary configuration; installed from Debian's
# nginx-light when missing. Beside them, on the same two servers: a metadata read (Assetgate's file
# details with an API key, S3Proxy's ListObjectsV2 with the object's key as prefix), Assetgate's own
# floor (GET /health), 10 KB PUTs with a new name each (Assetgate fsyncs each; S3Proxy's filesystem
# store does not), and the GET and details rows paced at half their peak for their p99 (PacedLoad).
if want small; then
  command -v nginx >/dev/null || { log "installing nginx-light"; apt-get install -y -q nginx-light >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nginx-light >/dev/null; }; }
  SM=$WORK/small; mkdir -p "$SM/www" "$SM/s3" "$SM/data"
  head -c 10240 /dev/urandom > "$SM/www/ten.bin"
  chmod 711 "$WORK" "$SM"; chmod 755 "$SM/www"; chmod 644 "$SM/www/ten.bin"   # nginx's workers run as nobody when started by root
  log "small objects: Assetgate url.cdn (public file), file details, /health, 10 KB uploads"
  ASSETGATE_DATA_DIR="$SM/data" java -jar "$JAR" project create bench > /dev/null
  SKEY=$(ASSETGATE_DATA_DIR="$SM/data" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
  start_server small "$SM/data"
  SUUID=$(curl -sf -X PUT -H "X-Filerobot-Key: $SKEY" -H "Content-Type: application/octet-stream" --data-binary @"$SM/www/ten.bin" \
    "$BASE/bench/v4/files?folder=/pub&filename=ten.bin" | python3 -c 'import sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", sys.stdin.read()).group(1))')
  curl -sf "$BASE/bench/cdn/pub/ten.bin" | cmp -s - "$SM/www/ten.bin" || { log "small: url.cdn returned other bytes"; exit 1; }
  curl -sf -H "X-Filerobot-Key: $SKEY" "$BASE/bench/v4/files/$SUUID" | grep -q "\"$SUUID\"" || { log "small: file details without the file"; exit 1; }
  # a fresh JVM: warm the details path too before the first figure (the cluster node meets its GET and
  # details rows after other runs, and the two are compared)
  BENCH_KEY=$SKEY BENCH_XFF="" wrk -t2 -c"$CONN" -d"${WARM}s" -s bench/wrk/headers.lua "$BASE/bench/v4/files/$SUUID" > /dev/null
  CPU_PID=$SPID BENCH_KEY="" BENCH_XFF="" wrk_series small.assetgate "$BASE/bench/cdn/pub/ten.bin" "$DUR" -s bench/wrk/headers.lua
  CPU_PID=$SPID BENCH_KEY=$SKEY BENCH_XFF="" wrk_series small.details "$BASE/bench/v4/files/$SUUID" "$DUR" -s bench/wrk/headers.lua
  CPU_PID=$SPID BENCH_KEY="" BENCH_XFF="" wrk_series small.health "$BASE/health" "$DUR" -s bench/wrk/headers.lua
  rec mem.small_rss_kb "$(rss_kb "$SPID")" "Assetgate after the url.cdn and details runs"
  paced small.assetgate "$BASE/bench/cdn/pub/ten.bin"
  paced small.details "$BASE/bench/v4/files/$SUUID" "X-Filerobot-Key: $SKEY"
  # last: the uploads grow the catalog the reads above ran on
  CPU_PID=$SPID BENCH_KEY=$SKEY BENCH_SIZE=10240 BENCH_FOLDER=/small10240 wrk_series small.upload10240 "$BASE/bench/v4/files" "$DUR" -s bench/wrk/upload.lua
  stop_server

  log "small objects: S3Proxy GET object, one-object listing, 10 KB PUTs (no authentication)"
  bench_classes
  SPORT=$(free_port)
  java -cp "$BENCH_CP" dev.assetgate.bench.S3BenchServer "$SM/s3" "$SPORT" none none > "$OUT/s3proxy-small.log" 2>&1 &
  SPPID=$!; PIDS+=("$SPPID")
  for _ in $(seq 1 300); do grep -qs READY "$OUT/s3proxy-small.log" && break; sleep 0.1; done
  curl -sf -X PUT "http://127.0.0.1:$SPORT/small" -o /dev/null
  curl -sf -T "$SM/www/ten.bin" "http://127.0.0.1:$SPORT/small/ten.bin" -o /dev/null
  curl -sf "http://127.0.0.1:$SPORT/small/ten.bin" | cmp -s - "$SM/www/ten.bin" || { log "small: S3Proxy returned other bytes"; exit 1; }
  SLIST="http://127.0.0.1:$SPORT/small?list-type=2&prefix=ten.bin"
  curl -sf "$SLIST" | grep -q '<Key>ten.bin</Key>' || { log "small: S3Proxy listing without the object"; exit 1; }
  CPU_PID=$SPPID BENCH_KEY="" BENCH_XFF="" wrk_series small.s3proxy "http://127.0.0.1:$SPORT/small/ten.bin" "$DUR" -s bench/wrk/headers.lua
  CPU_PID=$SPPID BENCH_KEY="" BENCH_XFF="" wrk_series small.s3list "$SLIST" "$DUR" -s bench/wrk/headers.lua
  CPU_PID=$SPPID BENCH_BUCKET=small BENCH_SIZE=10240 BENCH_FOLDER=put wrk_series small.s3put "http://127.0.0.1:$SPORT" "$DUR" -s bench/wrk/upload.lua
  curl -sf "http://127.0.0.1:$SPORT/small?list-type=2&prefix=put/&max-keys=1" | grep -q '<Key>put/' || { log "small: S3Proxy PUTs left no object"; exit 1; }
  kill "$SPPID" 2>/dev/null || true; wait "$SPPID" 2>/dev/null || true

  log "small objects: the blob store alone, $CONN threads of durable 10 KB puts (this machine's ceiling for a durable upload)"
  java -cp "$BENCH_CP" dev.assetgate.bench.DurableBlobs "$SM/durable" "$CONN" 10240 "$WARM" "$DUR" "$RUNS" small.durable >> "$R"
  rm -rf "$SM/durable" # a few GB of blobs the later sections need not run beside

  log "small objects: nginx static file"
  NPORT=$(free_port)
  cat > "$SM/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $SM/nginx.pid;
error_log $SM/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $SM/tmp; proxy_temp_path $SM/tmp; fastcgi_temp_path $SM/tmp; uwsgi_temp_path $SM/tmp; scgi_temp_path $SM/tmp;
  server { listen 127.0.0.1:$NPORT; root $SM/www; }
}
NGINX
  mkdir -p "$SM/tmp"
  nginx -c "$SM/nginx.conf" -p "$SM" > "$OUT/nginx.log" 2>&1 &
  NGPID=$!; PIDS+=("$NGPID")
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$NPORT/ten.bin" -o /dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$NPORT/ten.bin" | cmp -s - "$SM/www/ten.bin" || { log "small: nginx returned other bytes"; cat "$OUT/nginx.log" >&2; exit 1; }
  rec small.nginx_version "$(nginx -v 2>&1 | sed 's/^nginx version: //')" ""
  BENCH_KEY="" BENCH_XFF="" wrk_series small.nginx "http://127.0.0.1:$NPORT/ten.bin" "$DUR" -s bench/wrk/headers.lua
  kill "$NGPID" 2>/dev/null || true; wait "$NGPID" 2>/dev/null || true
fi

# ---------------------------------------------------------------- assetgate import (issue 20)
# Its own server (disk + SQLite): the server's small-upload rate with wrk (10 KB PUTs), then
# `assetgate import` of BENCH_IMPORT_FILES files of 10 KB from a folder (the whole command, JVM start
# and listings included), then one BENCH_IMPORT_BIG_MB file with the importer's peak RSS (VmHWM,
# sampled while it runs). Both imports run as `java -jar` with default JVM options, like the launcher.
if want import; then
  IMP_FILES=${BENCH_IMPORT_FILES:-10000}; IMP_BIG_MB=${BENCH_IMPORT_BIG_MB:-1024}; IMP_WORKERS=${BENCH_IMPORT_WORKERS:-8}
  rec import.sizes "files=$IMP_FILES x 10 KB, big=${IMP_BIG_MB} MB, workers=$IMP_WORKERS" ""
  D5=$WORK/data-import; mkdir -p "$D5"
  ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" project create bench > /dev/null
  KEY5=$(ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
  start_server import "$D5"
  log "import: the server's own small-upload rate (10 KB PUTs, wrk)"
  BENCH_KEY=$KEY5 BENCH_SIZE=10240 BENCH_FOLDER=/wrk wrk_series import.server_upload10240 "$BASE/bench/v4/files" "$DUR" -s bench/wrk/upload.lua
  log "import: $IMP_FILES files of 10 KB"
  LIB=$WORK/import-lib
  python3 - "$LIB" "$IMP_FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "d%03d" % (i // 1000))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY
  for i in $(seq 1 "$RUNS"); do
    t0=$(now)
    java -jar "$JAR" import --from "$LIB" --to "/import-$i" --server "$BASE" --token bench --key "$KEY5" \
      --workers "$IMP_WORKERS" --quiet --journal "$WORK/import-$i.journal" > "$OUT/import-small-$i.log" 2>&1 \
      || { log "import failed"; cat "$OUT/import-small-$i.log" >&2; exit 1; }
    t1=$(now)
    rec import.small_files_per_s "$(python3 -c "print($IMP_FILES/($t1-$t0))")" "assetgate import, whole command"
  done
  log "import: one file of ${IMP_BIG_MB} MB"
  mkdir -p "$WORK/import-big"; dd if=/dev/urandom of="$WORK/import-big/big.bin" bs=1M count="$IMP_BIG_MB" status=none; sync
  t0=$(now)
  java -jar "$JAR" import --from "$WORK/import-big" --to /import-big --server "$BASE" --token bench --key "$KEY5" \
    --quiet --journal "$WORK/import-big.journal" > "$OUT/import-big.log" 2>&1 &
  IPID=$!; PIDS+=("$IPID"); peak=0
  while kill -0 "$IPID" 2>/dev/null; do
    h=$(hwm_kb "$IPID" 2>/dev/null || echo 0); [ -n "$h" ] && [ "$h" -gt "$peak" ] && peak=$h; sleep 0.2
  done
  wait "$IPID" || { log "big import failed"; cat "$OUT/import-big.log" >&2; exit 1; }
  t1=$(now)
  rec import.big_mbs "$(python3 -c "print($IMP_BIG_MB/($t1-$t0))")" "assetgate import, one ${IMP_BIG_MB} MB file, whole command"
  rec import.big_hwm_kb "$peak" "importer peak RSS (VmHWM) during the ${IMP_BIG_MB} MB import"
  stop_server
  rm -rf "$LIB" "$WORK/import-big"
fi

# ---------------------------------------------------------------- listing and search at growing catalog sizes
# Rows are seeded by SQL from one real file row (no blobs needed), all in one flat folder /seed, names
# seed-0000001.jpg…, with sizes, types, hashes, metadata and times spread as uploads would leave them;
# the catalog's own triggers keep the per-folder counters and the name index exact while seeding.
if want list; then
list_runs() {   # DB SIZE
  local db=$1 n=$2 probe
  probe=$(printf 'seed-%07d' $((n / 2)))
  # a slow catalog must show its latency, not wrk's 2 s default timeout
  BENCH_KEY=$KEY3 BENCH_XFF="" wrk_series "list.$db.$n.folder" "$BASE/bench/v5/files?folder=/seed&limit=100" "$LDUR" -s bench/wrk/headers.lua --timeout 60s
  BENCH_KEY=$KEY3 BENCH_XFF="" wrk_series "list.$db.$n.search" "$BASE/bench/v5/files?folder=/&recursive=1&limit=100&q=$probe" "$LDUR" -s bench/wrk/headers.lua --timeout 60s
  # the same listing with one connection per wrk thread: the latency of one request, little queueing
  CONN=2 BENCH_KEY=$KEY3 BENCH_XFF="" wrk_series "list.$db.$n.folder_c2" "$BASE/bench/v5/files?folder=/seed&limit=100" "$LDUR" -s bench/wrk/headers.lua --timeout 60s
}
seed_template() {   # uploads the template row, prints nothing
  curl -sf -X PUT -H "X-Filerobot-Key: $KEY3" -H "Content-Type: image/jpeg" --data-binary @"$WORK/hello.txt" \
    "$BASE/bench/v4/files?folder=/seed&filename=seed-0000000.jpg" > /dev/null
}
for db in sqlite postgres; do
  D3=$WORK/data-list-$db; mkdir -p "$D3"; DBENV=()
  if [ $db = postgres ]; then
    if ! psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS bench_run CASCADE; CREATE SCHEMA bench_run" >/dev/null 2>&1; then
      log "no PostgreSQL on 127.0.0.1:5432 — skipped"; rec list.postgres.skipped 1 ""; continue
    fi
    DBENV=(ASSETGATE_CATALOG=postgres "ASSETGATE_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench_run" ASSETGATE_POSTGRES_USER=postgres)
  fi
  env "${DBENV[@]}" ASSETGATE_DATA_DIR="$D3" java -jar "$JAR" project create bench > /dev/null
  KEY3=$(env "${DBENV[@]}" ASSETGATE_DATA_DIR="$D3" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
  start_server "list-$db" "$D3" "${DBENV[@]}"
  seed_template
  have=0
  for n in $LIST_SIZES; do
    log "listing: $db at $n assets (seeding $((n - have)) rows)"
    t0=$(now)
    if [ $db = sqlite ]; then
      sqlite3 "$D3/catalog.db" <<SQL
.timeout 30000
BEGIN;
WITH RECURSIVE s(i) AS (SELECT $((have + 1)) UNION ALL SELECT i + 1 FROM s WHERE i < $n)
INSERT INTO files (uuid, project, folder_uuid, name, size, mime, sha1, blob_key, meta, info, tags, created_at, modified_at, visibility)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)),2) || '-a' || substr(hex(randomblob(2)),2) || '-' || hex(randomblob(6))),
       f.project, f.folder_uuid, printf('seed-%07d.%s', s.i, CASE s.i % 4 WHEN 0 THEN 'jpg' WHEN 1 THEN 'png' WHEN 2 THEN 'pdf' ELSE 'mp4' END),
       1024 + (s.i * 7919) % 8388608,
       CASE s.i % 4 WHEN 0 THEN 'image/jpeg' WHEN 1 THEN 'image/png' WHEN 2 THEN 'application/pdf' ELSE 'video/mp4' END,
       lower(hex(randomblob(20))), f.blob_key, json_object('title', 'Seed asset ' || s.i, 'rank', s.i % 100), f.info, f.tags,
       strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + s.i * 37, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + s.i * 37 + (s.i * 104729) % 8640000, 'unixepoch'), f.visibility
FROM s, (SELECT * FROM files WHERE name = 'seed-0000000.jpg') f;
COMMIT;
ANALYZE;
SQL
    else
      psql -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 <<SQL
SET search_path = bench_run;
INSERT INTO files (uuid, project, folder_uuid, name, size, mime, sha1, blob_key, meta, info, tags, created_at, modified_at, visibility)
SELECT gen_random_uuid()::text, f.project, f.folder_uuid, 'seed-' || lpad(i::text, 7, '0') || '.' || (ARRAY['jpg','png','pdf','mp4'])[i % 4 + 1],
       1024 + (i::bigint * 7919) % 8388608, (ARRAY['image/jpeg','image/png','application/pdf','video/mp4'])[i % 4 + 1],
       md5(random()::text) || substr(md5(random()::text), 1, 8), f.blob_key,
       jsonb_build_object('title', 'Seed asset ' || i, 'rank', i % 100)::text, f.info, f.tags,
       to_char(to_timestamp(1700000000 + i::bigint * 37) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       to_char(to_timestamp(1700000000 + i::bigint * 37 + (i::bigint * 104729) % 8640000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       f.visibility
FROM generate_series($((have + 1)), $n) i, (SELECT * FROM files WHERE name = 'seed-0000000.jpg') f;
ANALYZE;
SQL
    fi
    t1=$(now); rec "seed.$db.$n.seconds" "$(python3 -c "print(round($t1-$t0,1))")" ""
    have=$n
    list_runs $db "$n"
  done
  rec "mem.list_$db.rss_kb" "$(rss_kb "$SPID")" "after the listing runs"
  stop_server
done
fi   # only list

# ---------------------------------------------------------------- ZIP archives (file-archive) vs zip -0
# One selection of BENCH_ARCHIVE_FILES random (incompressible) files, BENCH_ARCHIVE_MB in all: the time
# from POST file-archive to task_status DONE (the zip built and stored) against `zip -0 -r` of the
# same files on the same disk, both with the files in the page cache; and the server's peak resident
# set during the build (it is restarted after the uploads, so their memory does not count).
if want archive; then
  AFILES=${BENCH_ARCHIVE_FILES:-1000}; AMB=${BENCH_ARCHIVE_MB:-1024}
  command -v zip >/dev/null || { log "installing zip"; apt-get install -y -q zip >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q zip >/dev/null; }; }
  D5=$WORK/data-archive; SRC=$WORK/archive-src; mkdir -p "$D5" "$SRC"
  log "archive: $AFILES files, $AMB MB in all"
  python3 - "$SRC" "$AFILES" "$AMB" <<'PY'
import os, sys
src, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = mb * 1048576 // n
for i in range(n):
    with open(os.path.join(src, f"f{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(size))
PY
  ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" project create bench > /dev/null
  KEY5=$(ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
  AENV=(ASSETGATE_ARCHIVE_MAX_BYTES=$(( (AMB + 1) * 1048576 )) ASSETGATE_ARCHIVE_MAX_FILES=$(( AFILES + 1 )))
  start_server archive-upload "$D5" "${AENV[@]}"
  for f in "$SRC"/*.bin; do
    curl -sf -o /dev/null -H "X-Filerobot-Key: $KEY5" -F "files[]=@$f;type=application/octet-stream" "$BASE/bench/v4/files?folder=/arch" \
      || { log "archive: upload of $f failed"; exit 1; }
  done
  stop_server
  start_server archive "$D5" "${AENV[@]}"
  FOLDER5=$(curl -sf -H "X-Filerobot-Key: $KEY5" "$BASE/bench/v5/files?folder=/arch&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["base"]["uuid"])')
  cat "$SRC"/*.bin > /dev/null; find "$D5/blobs" -type f -exec cat {} + > /dev/null   # both sides read from the page cache
  rec archive.rss_before_kb "$(rss_kb "$SPID")" "server before the build"
  for i in $(seq 0 "$RUNS"); do   # run 0 warms the JIT up and is not recorded
    t0=$(now)
    TASK=$(curl -sf -H "X-Filerobot-Key: $KEY5" -H 'Content-Type: application/json' -d "{\"folders_uuids\":[\"$FOLDER5\"]}" \
      "$BASE/bench/v5/file-archive" | python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])')
    while :; do
      ST=$(curl -sf -H "X-Filerobot-Key: $KEY5" "$BASE/bench/v5/file-archive/$TASK?status_only=1" | grep -o '"task_status":"[A-Z]*"' | cut -d'"' -f4)   # no python per poll
      [ "$ST" = DONE ] && break
      [ "$ST" = PENDING ] || [ "$ST" = RUNNING ] || { log "archive: task $TASK ended $ST"; exit 1; }
      sleep 0.02
    done
    t1=$(now)
    [ "$i" = 0 ] || rec archive.server_s "$(python3 -c "print($t1 - $t0)")" ""
    curl -sf -H "X-Filerobot-Key: $KEY5" -o "$WORK/got.zip" "$BASE/bench/v5/file-archive/$TASK"
    python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert len(z.namelist())==int(sys.argv[2]), len(z.namelist())" "$WORK/got.zip" "$AFILES"
    curl -sf -o /dev/null -X PATCH -H "X-Filerobot-Key: $KEY5" "$BASE/bench/v5/file-archive/$TASK/cancel"   # deletes the zip
    rm -f "$WORK/got.zip"
    t0=$(now); (cd "$SRC" && zip -0 -q -r "$WORK/ref.zip" .); t1=$(now)
    [ "$i" = 0 ] || rec archive.zip0_s "$(python3 -c "print($t1 - $t0)")" ""
    rm -f "$WORK/ref.zip"
  done
  rec archive.hwm_kb "$(hwm_kb "$SPID")" "server peak during $((RUNS + 1)) builds"
  rec archive.size "$AFILES files, $AMB MB" ""
  stop_server
  rm -rf "$SRC" "$D5"
fi   # only archive

# ---------------------------------------------------------------- images (issue 14)
# A 12 MP JPEG (4000 x 3000, blurred noise: harder to decode than most photos), on url.cdn:
#  - a 250 px thumbnail, never cached (each request a new q), timed one by one: p50, against the
#    vipsthumbnail command on the same file (a process per thumbnail, as a script would run it);
#  - thumbnails per second with 16 clients (wrk, one thread, every request a new w/q pair), and the
#    peak RSS of the server meanwhile (VmHWM);
#  - a cached derivative against a plain public GET of a file of the derivative's size.
# Each engine on its own fresh server (image-engine=vips, then java).
if want images; then
  if ! command -v vips >/dev/null || ! command -v vipsthumbnail >/dev/null; then
    log "images: no vips/vipsthumbnail command (apt-get install libvips-tools) — skipped"; rec images.skipped 1 ""
  else
    IMG_N=${BENCH_IMAGE_N:-30}
    if [ -n "${BENCH_IMAGE_ENGINES:-}" ]; then ENGINES=$BENCH_IMAGE_ENGINES
    elif ldconfig -p 2>/dev/null | grep -q 'libvips\.so\.42'; then ENGINES="vips java"; else ENGINES="java"; fi
    PHOTO=$WORK/photo.jpg
    log "images: making a 12 MP JPEG"
    for b in 1 2 3; do vips gaussnoise "$WORK/n$b.v" 4000 3000 --mean 128 --sigma 60; vips gaussblur "$WORK/n$b.v" "$WORK/b$b.v" 1.2; done
    vips bandjoin "$WORK/b1.v $WORK/b2.v $WORK/b3.v" "$WORK/rgb.v"
    vips cast "$WORK/rgb.v" "$WORK/rgb8.v" uchar
    vips copy "$WORK/rgb8.v" "$PHOTO[Q=90]"
    rm -f "$WORK"/n?.v "$WORK"/b?.v "$WORK"/rgb*.v
    rec images.photo "$(vipsheader "$PHOTO" | sed 's/^.*: //') $(stat -c %s "$PHOTO") bytes" ""
    log "images: vipsthumbnail, $IMG_N runs"
    python3 - "$PHOTO" "$IMG_N" "$WORK" >> "$R" <<'PY'
import statistics, subprocess, sys, time
photo, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
subprocess.run(["vipsthumbnail", photo, "-s", "250", "-o", work + "/vt.jpg[Q=80,strip]"], check=True)  # warm-up
times = []
for _ in range(n):
    t0 = time.perf_counter()
    subprocess.run(["vipsthumbnail", photo, "-s", "250", "-o", work + "/vt.jpg[Q=80,strip]"], check=True)
    times.append((time.perf_counter() - t0) * 1000)
print(f"images.vipsthumbnail.p50\t{statistics.median(times)}\tvipsthumbnail -s 250, a process per thumbnail")
PY
    for eng in $ENGINES; do
      D5=$WORK/data-images-$eng; mkdir -p "$D5"
      ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" project create bench > /dev/null
      KEY5=$(ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
      start_server "images-$eng" "$D5" ASSETGATE_IMAGE_ENGINE="$eng"
      rec "images.$eng.engine" "$(curl -sf "$BASE/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["image_engine"])')" ""
      curl -sf -X PUT -H "X-Filerobot-Key: $KEY5" -H "Content-Type: image/jpeg" --data-binary @"$PHOTO" \
        "$BASE/bench/v4/files?folder=/img&filename=photo.jpg" > /dev/null
      URL="$BASE/bench/cdn/img/photo.jpg"
      log "images ($eng): $IMG_N uncached 250 px thumbnails, one at a time"
      for q in 11 12 13; do curl -sf -o /dev/null "$URL?w=250&q=$q"; done   # warm-up (JIT), not recorded
      for i in $(seq 1 "$IMG_N"); do
        t=$(curl -sf -o /dev/null -w '%{time_total}' "$URL?w=250&q=$((20 + i % 80))&h=$((1000 + i))&func=bound")
        rec "images.$eng.uncached_ms" "$(python3 -c "print($t * 1000)")" ""
      done
      log "images ($eng): thumbnails per second, $CONN clients, none cached"
      OFFSET=0
      wrk_thumbs() {   # KEY DURATION: one wrk thread so every request is a new transformation
        BENCH_PATH=/bench/cdn/img/photo.jpg BENCH_OFFSET=$OFFSET wrk -t1 -c"$CONN" -d"${2}s" --latency --timeout 60s -s bench/wrk/thumbs.lua "$BASE" > "$OUT/wrk-$1.txt"
        OFFSET=$((OFFSET + 4000))
      }
      # wrk leaves its last requests in the server's queue when it stops; the next run must not meet them
      # (they would fill the queue: 503). Wait until a new transformation is served, then a little more.
      settle() {
        for k in $(seq 1 240); do
          code=$(curl -s -o /dev/null -w '%{http_code}' "$URL?w=199&q=$((20 + k % 80))&h=$((3000 + k + RANDOM))&func=bound")
          [ "$code" = 200 ] && break; sleep 0.5
        done
        sleep 2
      }
      wrk_thumbs "images-$eng-warm" "$WARM"
      for i in $(seq 1 "$RUNS"); do
        settle
        wrk_thumbs "images-$eng-thumbs-$i" "$DUR"
        python3 - "$OUT/wrk-images-$eng-thumbs-$i.txt" "images.$eng.thumbs" >> "$R" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); k = sys.argv[2]
m = re.search(r'(\d+) requests in ([\d.]+)(ms|s|m)', t)
secs = float(m.group(2)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(3)]
ok = sum(int(n) for n in re.findall(r'^status 200 (\d+)$', t, re.M))
print(f"{k}.rps\t{ok / secs}\tthumbnails answered 200 per second")
print(f"{k}.non2xx\t{int(m.group(1)) - ok}\t")
PY
      done
      rec "images.$eng.hwm_kb" "$(hwm_kb "$SPID")" "peak RSS (VmHWM) after $CONN clients transformed the 12 MP JPEG"
      log "images ($eng): a cached derivative against a plain GET of as many bytes"
      settle
      curl -sf -o "$WORK/thumb.bin" "$URL?w=250"
      TSIZE=$(stat -c %s "$WORK/thumb.bin"); rec "images.$eng.thumb_bytes" "$TSIZE" ""
      head -c "$TSIZE" /dev/urandom > "$WORK/same.bin"
      curl -sf -X PUT -H "X-Filerobot-Key: $KEY5" -H "Content-Type: application/octet-stream" --data-binary @"$WORK/same.bin" \
        "$BASE/bench/v4/files?folder=/img&filename=same.bin" > /dev/null
      for i in $(seq 1 "$RUNS"); do   # interleaved, one run each at a time, so a change of load hits both
        RUNS=1 BENCH_KEY="" BENCH_XFF="" wrk_series "images.$eng.plain" "$BASE/bench/cdn/img/same.bin" "$DUR" -s bench/wrk/headers.lua
        RUNS=1 BENCH_KEY="" BENCH_XFF="" wrk_series "images.$eng.cached" "$URL?w=250" "$DUR" -s bench/wrk/headers.lua
      done
      stop_server
    done
  fi
fi

# ---------------------------------------------------------------- metrics overhead (issue 21)
# The file-details row with metrics=off and with metrics=port while the endpoint is scraped every
# second (as Prometheus would); the target is at most 3 % less throughput with metrics on.
if want metrics; then
D5=$WORK/data-metrics; mkdir -p "$D5"
ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" project create bench > /dev/null
MKEY=$(ASSETGATE_DATA_DIR="$D5" java -jar "$JAR" key create --projects bench --permissions all --description bench | tail -n 1)
for mode in off on; do
  if [ "$mode" = on ]; then
    MPORT=$(free_port)
    start_server "metrics-$mode" "$D5" "${COMMON[@]}" ASSETGATE_METRICS=port ASSETGATE_METRICS_PORT="$MPORT"
    ( while kill -0 "$SPID" 2>/dev/null; do curl -sf "http://127.0.0.1:$MPORT/metrics" -o /dev/null || true; sleep 1; done ) &
    SCRAPER=$!; PIDS+=("$SCRAPER")
  else
    start_server "metrics-$mode" "$D5" "${COMMON[@]}" ASSETGATE_METRICS=off
  fi
  MUUID=$(curl -sf -X PUT -H "X-Filerobot-Key: $MKEY" -H "Content-Type: text/plain" --data-binary @"$WORK/hello.txt" \
    "$BASE/bench/v4/files?folder=/pub/m&filename=hello-$mode.txt" | python3 -c 'import json,sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", sys.stdin.read()).group(1))')
  log "HTTP: file details, metrics $mode"
  BENCH_KEY=$MKEY BENCH_XFF=$XFF wrk_series "http.metrics_$mode" "$BASE/bench/v5/file/$MUUID" "$DUR" -s bench/wrk/headers.lua
  if [ "$mode" = on ]; then
    rec metrics.series "$(curl -sf "http://127.0.0.1:$MPORT/metrics" | grep -vc '^#')" "samples in one scrape after the runs"
    kill "$SCRAPER" 2>/dev/null || true
  fi
  stop_server
done
fi   # only metrics

if [ -n "${BENCH_ONLY:-}" ]; then
  log "partial run ($BENCH_ONLY): writing target/bench/RESULTS-partial.md (bench/RESULTS.md left alone)"
  python3 bench/report.py "$R" "$OUT" > "$OUT/RESULTS-partial.md"
  log "done: $OUT/RESULTS-partial.md"
  exit 0
fi
log "writing bench/RESULTS.md"
python3 bench/report.py "$R" "$OUT" > bench/RESULTS.md
log "done: bench/RESULTS.md"
