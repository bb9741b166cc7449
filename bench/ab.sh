#!/usr/bin/env bash
# Interleaved A/B of two servers, for before/after figures on a machine that is not idle: both servers
# run side by side and take turns under the same wrk load, round after round, so a change of
# background load hits both. Prints, per run, wrk's requests/s and the server's CPU time per request
# (utime+stime of the server process over the run / requests: less sensitive to load than req/s).
#   JAR_A=old.jar JAR_B=target/assetgate.jar bash bench/ab.sh
#   ROWS="health apikey sass issue upload post list bigput bigpost bigget"  the rows (default: the first five)   ROUNDS=3  DUR=8 (seconds per run)
#   ENV_A / ENV_B="ASSETGATE_X=y ..."  settings of one side, for its CLI calls too (e.g. ASSETGATE_METRICS=port, or
#     ASSETGATE_CATALOG=postgres ASSETGATE_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=ab_a
#     ASSETGATE_POSTGRES_USER=postgres, each side in a schema of its own that exists and is empty)
#   SCRAPE_B=http://127.0.0.1:PORT/metrics  fetched once a second while that side runs
#   NICE=-20  servers and wrk at that priority (root), ahead of other work on a shared machine
#   BIG_MB=256  size of the file of the large-upload rows
# Rows: GET /health; file details with an all-permission API key; the same with a SASS key of a
# template with every restriction; SASS key issuance; 10 KB PUT uploads; post: 10 KB multipart POST uploads (the
# widget's kind); a folder listing (v5, API key, the
# folder of one file); bigput / bigpost: one large upload per round (PUT stream / multipart POST with
# curl), timed with the `sync` after it, the page cache dropped before (as bench/run.sh's large-file
# rows do) - for these, the rps column is MB/s and the CPU column is µs per upload; bigget: a download of
# that large file (uploaded once per side, then read from the page cache, as bench/run.sh's download row
# does), MB/s and µs of CPU per download. Raw output: target/bench/ab/.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${JAR_A:?JAR_A: the jar before}; B=${JAR_B:-target/assetgate.jar}
W=$(mktemp -d /var/tmp/ab.XXXX); OUT=target/bench/ab; mkdir -p $OUT; : > $OUT/rows.tsv
GEO=src/test/resources/geoip/GeoLite2-Country-Test.mmdb
XFF=81.2.69.142
echo hello > $W/hello.txt
declare -A PID BASE KEY SASS UUID TPL BIGUUID
uuid_of() { python3 -c 'import sys,re; print(re.search(r"\"uuid\":\s*\"([^\"]+)\"", sys.stdin.read()).group(1))'; } # of the file an upload answers with
port=18801
for v in A B; do
  jar=${!v}; d=$W/data-$v; mkdir -p $d
  extra_var=ENV_$v
  env ${!extra_var:-} ASSETGATE_DATA_DIR=$d java -jar $jar project create bench >/dev/null
  KEY[$v]=$(env ${!extra_var:-} ASSETGATE_DATA_DIR=$d java -jar $jar key create --projects bench --permissions all --description bench | tail -n1)
  TPL[$v]=$(env ${!extra_var:-} ASSETGATE_DATA_DIR=$d java -jar $jar template create --project bench --file bench/template.json | tail -n1)
  env ${!extra_var:-} ASSETGATE_DATA_DIR=$d ASSETGATE_HOST=127.0.0.1 ASSETGATE_PORT=$port ASSETGATE_ACCESS_LOG=off \
    ASSETGATE_TRUSTED_PROXIES=127.0.0.1/32 ASSETGATE_GEOIP_DATABASE=$GEO ASSETGATE_KEY_EXCHANGE_PER_MINUTE=100000000 \
    ${NICE:+nice -n $NICE} java -jar $jar serve > $OUT/server-$v.log 2>&1 &
  PID[$v]=$!; BASE[$v]=http://127.0.0.1:$port; port=$((port+1))
  for _ in $(seq 1 300); do curl -sf ${BASE[$v]}/health >/dev/null 2>&1 && break; sleep 0.1; done
  scrape_var=SCRAPE_$v
  if [ -n "${!scrape_var:-}" ]; then ( while kill -0 ${PID[$v]} 2>/dev/null; do curl -sf "${!scrape_var}" -o /dev/null || true; sleep 1; done ) & fi
  SASS[$v]=$(curl -sf -H "X-Forwarded-For: $XFF" ${BASE[$v]}/bench/key/${TPL[$v]} | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
  UUID[$v]=$(curl -sf -X PUT -H "X-Filerobot-Key: ${KEY[$v]}" -H "Content-Type: text/plain" --data-binary @$W/hello.txt \
    "${BASE[$v]}/bench/v4/files?folder=/pub/a&filename=hello.txt" | uuid_of)
done
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
run() { # v row url keyvar
  local v=$1 row=$2 url=$3 k=$4 script=${5:-bench/wrk/headers.lua}
  local t0 t1; t0=$(ticks ${PID[$v]})
  BENCH_KEY=$k BENCH_XFF=$XFF ${NICE:+nice -n $NICE} wrk -t2 -c16 -d${DUR:-8}s --latency -s $script $url > $OUT/wrk.txt
  t1=$(ticks ${PID[$v]})
  python3 - $OUT/wrk.txt $v $row $((t1-t0)) >> $OUT/rows.tsv <<'PY'
import re,sys
t=open(sys.argv[1]).read(); v,row,ticks=sys.argv[2],sys.argv[3],int(sys.argv[4])
n=int(re.search(r'(\d+) requests in',t).group(1)); rps=float(re.search(r'Requests/sec:\s+([\d.]+)',t).group(1))
bad=re.search(r'Non-2xx or 3xx responses: (\d+)',t)
print(f"{row}\t{v}\t{rps:.0f}\t{ticks*10000/n:.1f}\t{bad.group(1) if bad else 0}")
PY
}
BIG=$W/big.bin; BIG_MB=${BIG_MB:-256}
if [[ " ${ROWS:-} " == *" big"* ]]; then dd if=/dev/urandom of=$BIG bs=1M count=$BIG_MB status=none; fi
big() { # v row round
  local v=$1 row=$2 name=$2-$3.bin t0 t1 c0 c1
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; cat $BIG > /dev/null
  c0=$(ticks ${PID[$v]}); t0=$(date +%s.%N)
  if [ $row = bigput ]; then
    curl -sf -X PUT -H "X-Filerobot-Key: ${KEY[$v]}" -H "Content-Type: application/octet-stream" -T $BIG \
      "${BASE[$v]}/bench/v4/files?folder=/big&filename=$name" -o /dev/null
  else
    curl -sf -X POST -H "X-Filerobot-Key: ${KEY[$v]}" -F "file=@$BIG;type=application/octet-stream;filename=$name" \
      "${BASE[$v]}/bench/v4/files?folder=/big" -o /dev/null
  fi
  sync; t1=$(date +%s.%N); c1=$(ticks ${PID[$v]})
  python3 -c "print(f'$row\t$v\t{$BIG_MB/($t1-$t0):.0f}\t{($c1-$c0)*10000}\t0')" >> $OUT/rows.tsv
}
bigget() { # v: one timed download of the large file, uploaded on the first call
  local v=$1 t0 t1 c0 c1
  if [ -z "${BIGUUID[$v]:-}" ]; then
    BIGUUID[$v]=$(curl -sf -X PUT -H "X-Filerobot-Key: ${KEY[$v]}" -H "Content-Type: application/octet-stream" -T $BIG \
      "${BASE[$v]}/bench/v4/files?folder=/big&filename=get.bin" | uuid_of)
    curl -sf -H "X-Filerobot-Key: ${KEY[$v]}" "${BASE[$v]}/bench/v4/get/${BIGUUID[$v]}" -o /dev/null # warm-up
  fi
  c0=$(ticks ${PID[$v]}); t0=$(date +%s.%N)
  curl -sf -H "X-Filerobot-Key: ${KEY[$v]}" "${BASE[$v]}/bench/v4/get/${BIGUUID[$v]}" -o /dev/null
  t1=$(date +%s.%N); c1=$(ticks ${PID[$v]})
  python3 -c "print(f'bigget\t$v\t{$BIG_MB/($t1-$t0):.0f}\t{($c1-$c0)*10000}\t0')" >> $OUT/rows.tsv
}
for v in A B; do  # warm-up
  BENCH_KEY=${KEY[$v]} BENCH_XFF=$XFF wrk -t2 -c16 -d5s -s bench/wrk/headers.lua ${BASE[$v]}/bench/v5/file/${UUID[$v]} >/dev/null
  BENCH_KEY=${SASS[$v]} BENCH_XFF=$XFF wrk -t2 -c16 -d5s -s bench/wrk/headers.lua ${BASE[$v]}/bench/v5/file/${UUID[$v]} >/dev/null
  BENCH_KEY= BENCH_XFF=$XFF wrk -t2 -c16 -d5s -s bench/wrk/headers.lua ${BASE[$v]}/bench/key/${TPL[$v]} >/dev/null
done
for i in $(seq 1 ${ROUNDS:-3}); do
  for v in A B; do
    for row in ${ROWS:-health apikey sass issue upload}; do case $row in
      health) run $v health ${BASE[$v]}/health "";;
      apikey) run $v apikey ${BASE[$v]}/bench/v5/file/${UUID[$v]} ${KEY[$v]};;
      sass) run $v sass ${BASE[$v]}/bench/v5/file/${UUID[$v]} ${SASS[$v]};;
      issue) run $v issue ${BASE[$v]}/bench/key/${TPL[$v]} "";;
      list) run $v list "${BASE[$v]}/bench/v5/files?folder=/pub/a&limit=100" ${KEY[$v]};;
      upload) BENCH_SIZE=10240 BENCH_FOLDER=/small$i run $v upload ${BASE[$v]}/bench/v4/files ${KEY[$v]} bench/wrk/upload.lua;;
      post) BENCH_MULTIPART=1 BENCH_SIZE=10240 BENCH_FOLDER=/post$i run $v post ${BASE[$v]}/bench/v4/files ${KEY[$v]} bench/wrk/upload.lua;;
      bigput|bigpost) big $v $row $i;;
      bigget) bigget $v;;
    esac; done
  done
done
kill ${PID[A]} ${PID[B]}; rm -rf $W
echo "row	jar	rps	cpu_us_per_req	non2xx"; cat $OUT/rows.tsv
