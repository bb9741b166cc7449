#!/usr/bin/env python3
"""Turns target/bench/results.tsv (written by bench/run.sh) into bench/RESULTS.md on stdout."""
import os, re, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
notes = {}
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 2:
        continue
    rows[parts[0]].append(parts[1])
    if len(parts) > 2 and parts[2]:
        notes[parts[0]] = parts[2]
out_dir = sys.argv[2]


def nums(k):
    return [float(v) for v in rows.get(k, [])]


def med(k):
    v = nums(k)
    return statistics.median(v) if v else None


def spread(k, fmt="{:.0f}"):
    v = nums(k)
    if not v:
        return "n/a"
    return (fmt + " (" + fmt + " … " + fmt + ", n={})").format(statistics.median(v), min(v), max(v), len(v))


def one(k):
    return rows.get(k, ["n/a"])[0]


def verdict(ok):
    return "**met**" if ok else "**not met**"


P = print
P("# Benchmark results\n")
P("Produced by `bash bench/run.sh` (one command; raw wrk/JMH output in `target/bench/`). "
  "Every figure is the **median of the runs, with min … max** in brackets.\n")
P("## Machine\n")
P(f"- CPU: {one('machine.cpu')}, {one('machine.cores')} cores")
P(f"- Memory: {one('machine.mem')}")
P(f"- JDK: {one('machine.jdk')}")
P(f"- OS: {one('machine.os')}")
P(f"- Disk of the data dirs: {one('machine.disk')}")
P(f"- Date: {one('machine.date')}")
P(f"- Sizes used: {one('sizes')} (env vars `BENCH_*`, see the top of `bench/run.sh`)\n")

# ---------------------------------------------------------------- targets summary collected as we go
targets = []

# ---------------------------------------------------------------- JMH
P("## 1. Access checks in-process (JMH)\n")
P("Source `src/test/java/dev/assetgate/bench/AccessBenchmark.java`, run through `bench/run-jmh.sh` "
  "(sample mode, 3 warm-up iterations of 2 s, 5 measured of 3 s, 1 fork). Template with every restriction "
  "on: 4 IP ranges, 3 countries (MaxMind test database), upload scope of 2 folders, per-key / per-IP / total "
  "upload limits (in-process counters). Times in µs.\n")
for label, f in (("one thread", "jmh-t1-result.txt"), ("all cores (`-t max`)", "jmh-tmax-result.txt"),
                 ("limiter decision, one thread (`LimiterBenchmark`: 3 limits of a SASS upload; Redis = one Lua round trip on loopback)", "jmh-limiter-result.txt"),
                 ("API-key verification, one thread (`ApiKeyBenchmark`: `authenticate` = HMAC-SHA256 of the secret + catalog read "
                  "by hash + checks, as on every request; `hmac` and `catalogRead` are its two halves; catalog in brackets)", "jmh-apikey-result.txt")):
    path = os.path.join(out_dir, f)
    if not os.path.exists(path):
        P(f"*{label}: not run*\n")
        continue
    P(f"**{label}**\n")
    P("| benchmark | mean | p50 | p90 | p99 | p99.9 |")
    P("|---|---|---|---|---|---|")
    txt = open(path).read()
    res = {}
    for line in txt.splitlines():
        m = re.match(r"(?:Access|Limiter|ApiKey)Benchmark\.(\w+)(:p([\d.]+))?\s+(?:(\w+)\s+)?sample\s+(?:\d+\s+)?([\d.,]+)", line)
        if not m:
            continue
        name, pct, val = m.group(1), m.group(3), float(m.group(5).replace(",", ""))
        if m.group(4):  # a @Param column (ApiKeyBenchmark: the catalog)
            name = f"{name} ({m.group(4)})"
        unit = "ms" if "ms/op" in line else "us" if "us/op" in line else "ns"
        val = val * 1000 if unit == "ms" else val / 1000 if unit == "ns" else val
        res.setdefault(name, {})[pct or "mean"] = val
    for name, r in res.items():
        cells = [r.get(p) for p in ("mean", "0.50", "0.90", "0.99", "0.999")]
        P(f"| `{name}` | " + " | ".join("n/a" if c is None else f"{c:.2f}" for c in cells) + " |")
    P("")
    if f == "jmh-t1-result.txt" and "uploadDecision" in res and "0.99" in res["uploadDecision"]:
        p99 = res["uploadDecision"]["0.99"]
        targets.append(("Whole SASS access decision p99 ≤ 50 µs in-process", f"p99 {p99:.2f} µs (one thread)", p99 <= 50))
P("ops/s of one thread ≈ 1 / mean.\n")

# ---------------------------------------------------------------- access layer over HTTP
P("## 2. Access layer over HTTP (wrk, loopback, keep-alive)\n")
P("wrk 4.1 in its own process, 2 threads, connections and durations as in *Sizes used*, after a warm-up. "
  "Every request carries `X-Forwarded-For: 81.2.69.142` (a GB address in the test GeoIP database) from "
  "127.0.0.1, a trusted proxy. Server: `java -jar target/assetgate.jar serve`, SQLite, blobs on disk, default JVM options.\n")
P("| route | key | requests/s | p50 ms | p99 ms | non-2xx |")
P("|---|---|---|---|---|---|")
for k, route, key in (("http.health", "`GET /health`", "none"),
                      ("http.apikey", "`GET /bench/v5/file/{uuid}`", "API key, all permissions"),
                      ("http.sass", "`GET /bench/v5/file/{uuid}`", "SASS key: permission + folder scope + 4 CIDRs + 3 countries + limits"),
                      ("http.issue", "`GET /bench/key/{template}`", "none (mints a SASS key)")):
    P(f"| {route} | {key} | {spread(k + '.rps')} | {spread(k + '.p50', '{:.2f}')} | {spread(k + '.p99', '{:.2f}')} | {int(sum(nums(k + '.non2xx')))} |")
P("")
a, s, h = med("http.apikey.rps"), med("http.sass.rps"), med("http.health.rps")
ap99, sp99, hp99 = med("http.apikey.p99"), med("http.sass.p99"), med("http.health.p99")
if a and s:
    loss = (1 - s / a) * 100
    dp99 = sp99 - ap99
    P(f"Ratios (medians): SASS / API key throughput **{s / a:.3f}** ({loss:+.1f}% loss), p99 difference "
      f"**{dp99:+.2f} ms**; API key / health throughput {a / h:.3f}, SASS / health {s / h:.3f}; "
      f"p99 health {hp99:.2f} ms.\n")
    targets.append(("Access layer overhead ≤ 5% of throughput vs the unrestricted route",
                    f"SASS {s:.0f} req/s vs API key {a:.0f} req/s: {loss:.1f}% loss", loss <= 5))
    targets.append(("Access layer overhead ≤ 0.5 ms at p99", f"p99 {sp99:.2f} ms vs {ap99:.2f} ms: {dp99:+.2f} ms", dp99 <= 0.5))
if med("http.issue.rps"):
    P(f"SASS key issuance: **{med('http.issue.rps'):.0f} keys/s** (per-IP exchange limit raised to 10⁸/min for the run).\n")

# ---------------------------------------------------------------- data path
P("## 3. Data path\n")
P("Large file: random bytes, one PUT stream upload (`curl -T`, `PUT /bench/v4/files?folder=/big&filename=…`) and one "
  "GET of the permalink (`/bench/v4/get/{uuid}` to `/dev/null`), each timed from the client including `sync` after "
  "uploads. Physical reference on the same disk: `cp` of the same file + `sync` (write), `dd` of the copy to "
  "`/dev/null` (read, page cache warm as it is for the server). MB/s = MiB/s.\n")
P("| what | MB/s |")
P("|---|---|")
for k, what in (("disk.copy_mbs", "disk copy (`cp` + `sync`)"), ("disk.dd_mbs", "disk copy through user space (`dd bs=1M conv=fsync`)"),
                ("disk.read_mbs", "disk read (`dd` → /dev/null)"),
                ("fs.upload_mbs", "Assetgate upload (blobs on disk)"), ("fs.multipart_mbs", "Assetgate multipart upload (`curl -F`, blobs on disk)"),
                ("fs.download_mbs", "Assetgate download (blobs on disk)"),
                ("s3ag.upload_mbs", "Assetgate upload, blobs=s3 on S3Proxy"), ("s3ag.download_mbs", "Assetgate download, blobs=s3 on S3Proxy"),
                ("s3direct.upload_mbs", "S3Proxy direct PUT object"), ("s3direct.download_mbs", "S3Proxy direct GET object")):
    P(f"| {what} | {spread(k, '{:.0f}')} |")
P("")
cu, cr, fu, fd = med("disk.copy_mbs"), med("disk.read_mbs"), med("fs.upload_mbs"), med("fs.download_mbs")
ddc = med("disk.dd_mbs")
if cu and fu:
    P(f"Ratios: upload / disk copy **{fu / cu:.2f}**, download / disk copy **{fd / cu:.2f}**, download / `dd` read **{fd / cr:.2f}**.\n")
    if ddc:
        P(f"Against the user-space copy (`dd conv=fsync`, which like the server moves every byte through a process; "
          f"coreutils `cp` copies inside the kernel with `copy_file_range`): upload / dd **{fu / ddc:.2f}**.\n")
    size = re.search(r"big=(\d+)MB", one("sizes"))
    size = f"{size.group(1)} MB" if size else "the large file"
    P(f"Streaming {size} against `cp` of the same file (issue 17):\n")
    P("| ratio | value | goal |")
    P("|---|---|---|")
    P(f"| upload / `cp` | **{fu / cu:.2f}** | ≥ 0.8 |")
    P(f"| download / `cp` | **{fd / cu:.2f}** | ≥ 1 |")
    P("")
    targets.append(("Upload of large files ≥ 80% of the disk copy rate (issues 7 and 17)", f"{fu:.0f} vs {cu:.0f} MB/s = {fu / cu:.0%} ({size})", fu / cu >= 0.8))
    targets.append(("Download of large files ≥ 80% of the disk copy rate", f"{fd:.0f} vs {cu:.0f} MB/s = {fd / cu:.0%} (vs page-cache `dd` read: {fd / cr:.0%})", fd / cu >= 0.8))
    targets.append(("Download of large files ≥ 1 × the disk copy rate (issue 17)", f"{fd:.0f} vs {cu:.0f} MB/s = {fd / cu:.2f} ({size})", fd / cu >= 1))
    if ddc:
        targets.append(("Upload of large files ≥ 80% of the user-space disk copy (`dd conv=fsync`; our added reference, cp stays the issue's)",
                        f"{fu:.0f} vs {ddc:.0f} MB/s = {fu / ddc:.0%}", fu / ddc >= 0.8))
du, dd = med("s3direct.upload_mbs"), med("s3direct.download_mbs")
if du and fu:
    P(f"Against the reference S3 server: Assetgate-on-disk / S3Proxy-direct = **{fu / du:.2f}** (upload), **{fd / dd:.2f}** (download).\n")
    targets.append(("Ahead of the reference S3 server (upload)", f"{fu:.0f} vs {du:.0f} MB/s", fu > du))
    targets.append(("Ahead of the reference S3 server (download)", f"{fd:.0f} vs {dd:.0f} MB/s", fd > dd))
P("What the S3 comparison is: S3Proxy 3.0.0's own launcher does not run next to our Jetty 12, so "
  "`src/test/java/dev/assetgate/bench/S3BenchServer.java` starts it embedded (as the tests do) in its own JVM, "
  "over jclouds' `filesystem` store in a directory of the same disk. *S3Proxy direct* = `curl --aws-sigv4` "
  "PUT/GET of the object (unsigned payload) straight to it; *Assetgate blobs=s3* = the same upload/download "
  "through Assetgate configured with `blobs=s3` on that S3Proxy (so it includes both hops).\n")

P("Small files (streaming PUT uploads, a new name each, wrk with `bench/wrk/upload.lua`):\n")
P("| size | uploads/s | p50 ms | p99 ms | non-2xx |")
P("|---|---|---|---|---|")
for k, label in (("http.upload10240", "10 KB"), ("http.upload1048576", "1 MB")):
    P(f"| {label} | {spread(k + '.rps')} | {spread(k + '.p50', '{:.2f}')} | {spread(k + '.p99', '{:.2f}')} | {int(sum(nums(k + '.non2xx')))} |")
P("")

# ---------------------------------------------------------------- cluster engines
if any(k.startswith("cluster.") for k in rows) and "cluster.skipped" not in rows:
    P("### The same routes on the cluster engines\n")
    cblobs = one("cluster.blobs") if "cluster.blobs" in rows else "s3"
    cengines = "postgres + redis + " + ("s3" if cblobs == "s3" else "disk")
    P("One node with `catalog=postgres` (127.0.0.1:5432), `counters=redis` (127.0.0.1:6379) and "
      + ("`blobs=s3` on the embedded S3Proxy above" if cblobs == "s3" else "blobs on the local disk (`BENCH_CLUSTER_BLOBS=s3` puts them on S3Proxy)")
      + "; same template, keys, wrk settings and `X-Forwarded-For` as in section 2. "
      "Rows marked *embedded* are the figures of sections 2 and 3 and of the 10 KB rows below (SQLite, in-process counters, blobs on disk) from this run.\n")
    P("| route | key | engines | requests/s | p50 ms | p99 ms | non-2xx |")
    P("|---|---|---|---|---|---|---|")
    for k, route, key in (("health", "`GET /health`", "none"),
                          ("apikey", "`GET /bench/v5/file/{uuid}`", "API key"),
                          ("sass", "`GET /bench/v5/file/{uuid}`", "SASS key, every restriction"),
                          ("details", "`GET /bench/v4/files/{uuid}`", "API key"),
                          ("issue", "`GET /bench/key/{template}`", "none (mints a SASS key)"),
                          ("upload10240", "`PUT files` 10 KB", "API key"),
                          ("upload1048576", "`PUT files` 1 MB", "API key"),
                          ("cdn10240", "`GET /bench/cdn/pub/ten.bin` 10 KB, public", "none")):
        embedded = {"cdn10240": "small.assetgate", "details": "small.details"}.get(k, f"http.{k}")
        for kk, engines in ((embedded, "embedded"), (f"cluster.{k}", cengines)):
            if nums(kk + ".rps"):
                P(f"| {route} | {key} | {engines} | {spread(kk + '.rps')} | {spread(kk + '.p50', '{:.2f}')} | "
                  f"{spread(kk + '.p99', '{:.2f}')} | {int(sum(nums(kk + '.non2xx')))} |")
    P("")
    ca, cs = med("cluster.apikey.rps"), med("cluster.sass.rps")
    if ca and cs:
        P(f"Cluster engines: SASS / API key throughput **{cs / ca:.3f}**, p99 difference "
          f"**{med('cluster.sass.p99') - med('cluster.apikey.p99'):+.2f} ms**.\n")
elif "cluster.skipped" in rows:
    P("*Cluster engines: not run (no PostgreSQL or Redis on 127.0.0.1).*\n")

# ---------------------------------------------------------------- small objects beside their peers (issue 17)
def row(k, label):
    cpu = spread(k + '.cpu_us') if nums(k + '.cpu_us') else "—"
    P(f"| {label} | {spread(k + '.rps')} | {spread(k + '.p50', '{:.2f}')} | {spread(k + '.p99', '{:.2f}')} | {cpu} | {int(sum(nums(k + '.non2xx')))} |")


def ratio(label, a, b, goal, issue_label):
    """One ratio row of issue 17 (medians of this run) and its target; nothing when a side is missing."""
    x, y = med(a), med(b)
    if not x or not y:
        return
    P(f"| {label} | {x:.0f} / {y:.0f} | **{x / y:.2f}** | ≥ {goal} |")
    targets.append((issue_label + " (issue 17)", f"{x:.0f} vs {y:.0f} req/s = {x / y:.2f}", x / y >= goal))


if nums("small.assetgate.rps"):
    P("### Small objects beside their peers (issue 17)\n")
    P("The same 10 KB file (random bytes) on the same disk, served one server after the other in this run with the "
      "same wrk settings: Assetgate (SQLite, blobs on disk), S3Proxy (embedded as above, filesystem store, "
      f"no authentication) and {one('small.nginx_version')} serving it as a static file (`sendfile on`, "
      "access log off; the ceiling).\n")
    P("*Server CPU* is the server process's CPU time (user + system) over a run, per request it answered: "
      "less moved by the host's speed than requests/s (nginx's workers are not counted).\n")
    P("| work | server | requests/s | p50 ms | p99 ms | server CPU µs / request | non-2xx |")
    P("|---|---|---|---|---|---|---|")
    for k, label in (("small.assetgate", "GET 10 KB | Assetgate `url.cdn`, public (`GET /bench/cdn/pub/ten.bin`)"),
                     ("small.s3proxy", "GET 10 KB | S3Proxy GET object"),
                     ("small.nginx", "GET 10 KB | nginx static file"),
                     ("small.details", "metadata read | Assetgate file details, API key (`GET /bench/v4/files/{uuid}`)"),
                     ("small.s3list", "metadata read | S3Proxy ListObjectsV2, prefix = the object's key"),
                     ("small.health", "floor | Assetgate `GET /health`"),
                     ("small.upload10240", "PUT 10 KB, a new name each | Assetgate `PUT /bench/v4/files` (fsync before the 200)"),
                     ("small.s3put", "PUT 10 KB, a new name each | S3Proxy PUT object (no fsync)"),
                     ("small.durable", "PUT 10 KB, a new name each | Assetgate's blob store alone, as many threads as "
                      "connections: fsync, rename, directory fsync (no HTTP, no catalog, no client; this machine's "
                      "ceiling for a durable upload, CPU and disk together)")):
        if nums(k + ".rps"):
            row(k, label)
    P("")
    P("| ratio (medians) | req/s | value | goal |")
    P("|---|---|---|---|")
    ratio("GET / S3Proxy GET", "small.assetgate.rps", "small.s3proxy.rps", 1.5, "Public GET of a 10 KB file ≥ 1.5 × S3Proxy")
    ratio("GET / nginx", "small.assetgate.rps", "small.nginx.rps", 0.5, "Public GET of a 10 KB file ≥ 0.5 × nginx")
    ratio("details / S3Proxy listing", "small.details.rps", "small.s3list.rps", 2, "File details with an API key ≥ 2 × S3Proxy's one-object listing")
    ratio("details / `/health`", "small.details.rps", "small.health.rps", 0.5, "File details with an API key ≥ 0.5 × our `/health`")
    ratio("PUT / S3Proxy PUT", "small.upload10240.rps", "small.s3put.rps", 1, "PUT of 10 KB files, each durable before its 200, ≥ 1 × S3Proxy")
    for label, a in (("PUT / the blob store alone (no goal: how much of that ceiling an upload keeps)", "small.upload10240.rps"),
                     ("S3Proxy PUT / the blob store alone (no goal: above 1, faster than a durable upload can be here)", "small.s3put.rps")):
        x, c = med(a), med("small.durable.rps")
        if x and c:
            P(f"| {label} | {x:.0f} / {c:.0f} | {x / c:.2f} | — |")
    if nums("cluster.details.rps") or nums("cluster.cdn10240.rps"):
        ratio("cluster / embedded: GET 10 KB", "cluster.cdn10240.rps", "small.assetgate.rps", 0.7, "Cluster engines: public GET of 10 KB ≥ 0.7 × embedded")
        ratio("cluster / embedded: file details", "cluster.details.rps", "small.details.rps", 0.7, "Cluster engines: file details ≥ 0.7 × embedded")
        ratio("cluster / embedded: PUT 10 KB", "cluster.upload10240.rps", "small.upload10240.rps", 0.7, "Cluster engines: PUT of 10 KB ≥ 0.7 × embedded")
    P("")
    if nums("cluster.details.rps"):
        P(f"*Cluster* = the node of the cluster-engines table above ({cengines}).\n")

paced_rows = [(k, label) for k, label in (
    ("small.assetgate", "GET 10 KB `url.cdn`, embedded"), ("small.details", "file details, API key, embedded"),
    ("cluster.cdn10240", "GET 10 KB `url.cdn`, cluster engines"), ("cluster.details", "file details, API key, cluster engines"))
    if nums(k + ".paced.p99")]
if paced_rows:
    P("### Latency at half the peak rate (issue 17)\n")
    P("Each row's peak is its wrk median above; `src/test/java/dev/assetgate/bench/PacedLoad.java` then sends at a "
      "constant half of it over as many keep-alive connections, each on its own schedule (wrk2's model), and measures each "
      "request from the moment it was due, not from when its connection was free: wrk cannot pace, so its latencies leave "
      "out the wait behind a slow answer (coordinated omission), and wrk2 and vegeta are not in Debian 12. "
      "A warm-up at the same rate, then the runs of *Sizes used*; percentiles by HdrHistogram. *Send lag* (p99 of how "
      "late the client sent a request its connection was free for) and *client cores* (CPU of the client's JVM) say "
      "whether the client itself kept up on this machine.\n")
    P("| row | rate req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | send lag p99 ms | client cores |")
    P("|---|---|---|---|---|---|---|---|---|---|")
    for k, label in paced_rows:
        q = k + ".paced"
        P(f"| {label} | {med(q + '.rate'):.0f} | {spread(q + '.achieved')} | {spread(q + '.p50', '{:.2f}')} | "
          f"{spread(q + '.p99', '{:.2f}')} | {spread(q + '.p999', '{:.2f}')} | {spread(q + '.max', '{:.1f}')} | {int(sum(nums(q + '.errors')))} | "
          f"{spread(q + '.send_lag_p99', '{:.2f}')} | {spread(q + '.client_cpu', '{:.2f}')} |")
        p99, errs = med(q + ".p99"), sum(nums(q + ".errors"))
        targets.append((f"p99 ≤ 10 ms at half the peak rate: {label} (issue 17)",
                        f"p99 {p99:.2f} ms at {med(q + '.rate'):.0f} req/s" + (f", {errs:.0f} errors" if errs else ""),
                        p99 <= 10 and not errs))
    P("")

# ---------------------------------------------------------------- listing
P("## 4. Listing and search latency by catalog size\n")
P("Rows seeded with SQL in one transaction from one real file row (no blobs), all in one flat folder "
  "`/seed` (the worst case for a folder listing), with sizes, types, hashes, metadata and times spread over the rows; "
  "the catalog's triggers keep its per-folder counters and name index exact while seeding (seed s includes that). "
  "Folder listing: `GET /bench/v5/files?folder=/seed&limit=100`; "
  "search: `GET /bench/v5/files?folder=/&recursive=1&limit=100&q=seed-NNNNNNN` (a name in the middle). "
  "API key with all permissions; wrk with the connections of *Sizes used* (and a 60 s timeout), and the listing "
  "again with 2 connections (one per wrk thread: a request's own latency, little queueing).\n")
P("| catalog | assets | listing p50 ms | listing p99 ms | listing req/s | listing p50 / p99 ms, 2 conn. | search p50 ms | search p99 ms | search req/s | seed s |")
P("|---|---|---|---|---|---|---|---|---|---|")
sizes = sorted({int(k.split(".")[2]) for k in rows if k.startswith("list.") and k.count(".") >= 3 and k.split(".")[2].isdigit()})
biggest_pg = None
for db in ("sqlite", "postgres"):
    for n in sizes:
        f, q = f"list.{db}.{n}.folder", f"list.{db}.{n}.search"
        if not nums(f + ".p99"):
            continue
        if db == "postgres":
            biggest_pg = n
        c2 = f + "_c2"
        c2_cell = f"{med(c2 + '.p50'):.2f} / {med(c2 + '.p99'):.2f}" if nums(c2 + ".p99") else "n/a"
        P(f"| {db} | {n:,} | {spread(f + '.p50', '{:.2f}')} | {spread(f + '.p99', '{:.2f}')} | {med(f + '.rps'):.0f} | {c2_cell} | "
          f"{spread(q + '.p50', '{:.2f}')} | {spread(q + '.p99', '{:.2f}')} | {med(q + '.rps'):.0f} | {one(f'seed.{db}.{n}.seconds')} |")
P("")
for db in ("sqlite", "postgres"):
    ns = [n for n in sizes if nums(f"list.{db}.{n}.folder.p50")]
    if len(ns) >= 2:
        lo, hi = ns[0], ns[-1]
        for kind in ("folder", "search"):
            a, b = med(f"list.{db}.{lo}.{kind}.p50"), med(f"list.{db}.{hi}.{kind}.p50")
            P(f"Growth {db} {kind}: ×{hi / lo:.0f} assets → p50 ×{b / a:.2f} ({'sub-linear' if b / a < hi / lo else 'linear or worse'}).  ")
P("")
if biggest_pg:
    p99 = med(f"list.postgres.{biggest_pg}.folder.p99")
    note = "" if biggest_pg >= 1000000 else f" — largest size run; 1M not in this run's size budget, and p99 only grows with size"
    targets.append(("Listing p99 ≤ 20 ms at 1M assets on PostgreSQL (16 connections on this machine's cores)",
                    f"p99 {p99:.2f} ms at {biggest_pg:,}{note}",
                    p99 <= 20 if biggest_pg >= 1000000 else (False if p99 > 20 else None)))
    c2 = f"list.postgres.{biggest_pg}.folder_c2.p99"
    if nums(c2):
        # the same target with one connection per wrk thread: latency of a request, not of a queue
        targets.append(("Listing p99 ≤ 20 ms at 1M assets on PostgreSQL (2 connections)",
                        f"p99 {med(c2):.2f} ms at {biggest_pg:,}{note}",
                        med(c2) <= 20 if biggest_pg >= 1000000 else (False if med(c2) > 20 else None)))

# ---------------------------------------------------------------- import
if nums("import.small_files_per_s"):
    P("## 4b. `assetgate import` (issue 20)\n")
    P(f"Sizes: {one('import.sizes')}. Its own server (disk + SQLite, default JVM options); the importer runs as "
      "`java -jar target/assetgate.jar import --from DIR` and is timed as a whole command (JVM start, listing the "
      "folder and the target, journal). The server's own rate is wrk's 10 KB `PUT files` against the same server, same run.\n")
    P("| figure | value |")
    P("|---|---|")
    P(f"| server's own 10 KB uploads/s (wrk, the run's connections) | {spread('import.server_upload10240.rps')} |")
    P(f"| import of small files, files/s | {spread('import.small_files_per_s')} |")
    if nums("import.big_mbs"):
        P(f"| import of one large file, MB/s | {spread('import.big_mbs', '{:.1f}')} |")
        P(f"| importer peak RSS during the large file, MiB | {float(one('import.big_hwm_kb')) / 1024:.0f} |")
    P("")
    srv, imp = med("import.server_upload10240.rps"), med("import.small_files_per_s")
    if srv and imp:
        targets.append(("import (issue 20): 10,000 × 10 KB at ≥ 50 % of the server's own small-upload rate",
                        f"{imp:.0f} vs {srv:.0f} files/s = {imp / srv:.0%} ({one('import.sizes')})", imp / srv >= 0.5))
    if "import.big_hwm_kb" in rows:
        hwm = float(one("import.big_hwm_kb")) / 1024
        targets.append(("import (issue 20): a 1 GB file with the importer's RSS under 256 MB", f"peak {hwm:.0f} MiB ({one('import.sizes')})", hwm < 256))

# ---------------------------------------------------------------- images
engines = [e for e in ("vips", "java") if nums(f"images.{e}.uncached_ms")]
if engines:
    P("## Images (issue 14)\n")
    P(f"Source: {one('images.photo')} (blurred noise, made with `vips`), on `url.cdn`, each engine on its own fresh server. "
      "Uncached: one request at a time, each a new transformation (`w=250` with a new `q`), timed by curl. "
      "Throughput: wrk with one thread and the connections of *Sizes used*, every request a new `w`/`q` pair (`bench/wrk/thumbs.lua`). "
      "Cached: the same `w=250` derivative again and again, against a plain public GET of a file of its size.\n")
    vt = med("images.vipsthumbnail.p50")
    P(f"`vipsthumbnail -s 250` on the same file (a process each): p50 {vt:.1f} ms\n" if vt else "")
    P("| engine | uncached 250 px p50 ms | × vipsthumbnail | thumbnails/s | cached req/s | plain GET req/s | cached / plain | peak RSS MiB |")
    P("|---|---|---|---|---|---|---|---|")
    for e in engines:
        p50 = med(f"images.{e}.uncached_ms")
        ratio = f"{p50 / vt:.2f}" if vt else "n/a"
        thumbs = med(f"images.{e}.thumbs.rps")
        cached, plain = med(f"images.{e}.cached.rps"), med(f"images.{e}.plain.rps")
        cp = f"{cached / plain:.2f}" if cached and plain else "n/a"
        hwm = float(one(f"images.{e}.hwm_kb")) / 1024 if f"images.{e}.hwm_kb" in rows else float("nan")
        P(f"| {one(f'images.{e}.engine')} | {spread(f'images.{e}.uncached_ms', '{:.1f}')} | {ratio} | {spread(f'images.{e}.thumbs.rps', '{:.1f}')} | "
          f"{cached or 0:.0f} | {plain or 0:.0f} | {cp} | {hwm:.0f} |")
        bad = sum(nums(f"images.{e}.thumbs.non2xx"))
        if bad:
            P(f"\n{e}: {bad:.0f} thumbnail answers were not 2xx (a full queue answers 503).")
    P("")
    e = engines[0]
    p50, thumbs = med(f"images.{e}.uncached_ms"), med(f"images.{e}.thumbs.rps")
    if vt:
        targets.append((f"Issue 14: uncached 250 px thumbnail of a 12 MP JPEG, p50 ≤ 1.5 × vipsthumbnail ({e})", f"{p50:.1f} ms vs {vt:.1f} ms", p50 <= 1.5 * vt))
    targets.append((f"Issue 14: ≥ 20 such thumbnails a second ({e}, {one('machine.cores')} cores)", f"{thumbs:.1f}/s", thumbs >= 20))
    cached, plain = med(f"images.{e}.cached.rps"), med(f"images.{e}.plain.rps")
    if cached and plain:
        targets.append((f"Issue 14: cached derivative ≥ 0.8 × a plain public GET of its size ({e})", f"{cached:.0f} vs {plain:.0f} req/s", cached >= 0.8 * plain))
    if f"images.{e}.hwm_kb" in rows:
        hwm = float(one(f"images.{e}.hwm_kb")) / 1024
        targets.append((f"Issue 14: RSS < 1 GiB while clients transform 12 MP images ({e})", f"peak {hwm:.0f} MiB", hwm < 1024))
elif "images.skipped" in rows:
    P("## Images (issue 14)\n\nSkipped: no `vips`/`vipsthumbnail` command on this machine.\n")

# ---------------------------------------------------------------- memory
P("## 5. Memory (resident set from /proc/PID/status, default JVM heap settings)\n")
P("| when | MiB |")
P("|---|---|")
for k in ("mem.idle_rss_kb", "mem.load_rss_kb", "mem.upload_hwm_kb", "mem.big_hwm_kb", "mem.list_sqlite.rss_kb", "mem.list_postgres.rss_kb", "mem.s3proxy_rss_kb", "mem.cluster_rss_kb"):
    if k in rows:
        P(f"| {k.replace('mem.', '').replace('_kb', '')} — {notes.get(k, '')} | {float(one(k)) / 1024:.0f} |")
P("")

# ---------------------------------------------------------------- ZIP archives
if "archive.server_s" in rows:
    P("## 6. ZIP archives (`file-archive`) against `zip -0`\n")
    P(f"Selection: {one('archive.size')} of random bytes (STORED); server: POST file-archive to task_status DONE "
      "(built into the scratch area and stored as a blob); `zip -0 -q -r` of the same files on the same disk. "
      "Both read from the page cache.\n")
    P("| what | seconds |")
    P("|---|---|")
    P(f"| server build | {spread('archive.server_s', '{:.2f}')} |")
    P(f"| zip -0 | {spread('archive.zip0_s', '{:.2f}')} |")
    ratio = med('archive.zip0_s') / med('archive.server_s')
    P(f"\nSpeed relative to zip -0: **{ratio:.2f}×**. Server resident set: {float(one('archive.rss_before_kb')) / 1024:.0f} MiB before, "
      f"peak {float(one('archive.hwm_kb')) / 1024:.0f} MiB during the builds.\n")
    targets.append(("Archive of 1,000 files / 1 GB at ≥ 0.7 × the speed of zip -0 with flat memory",
                    f"{ratio:.2f}× ({one('archive.size')}); peak RSS {float(one('archive.hwm_kb')) / 1024:.0f} MiB",
                    ratio >= 0.7 if "1000 files, 1024 MB" == one('archive.size') else None))

# ---------------------------------------------------------------- metrics overhead
if "http.metrics_off.rps" in rows:
    P("## 6. Metrics overhead (issue 21)\n")
    P("`GET /bench/v5/file/{uuid}` with an API key, as in section 2, on a server with `metrics=off` and then one with "
      "`metrics=port` whose `/metrics` is scraped every second during the runs.\n")
    P("| metrics | requests/s | p50 ms | p99 ms | non-2xx |")
    P("|---|---|---|---|---|")
    for k, label in (("http.metrics_off", "off"), ("http.metrics_on", "on (port, scraped every second)")):
        P(f"| {label} | {spread(k + '.rps')} | {spread(k + '.p50', '{:.2f}')} | {spread(k + '.p99', '{:.2f}')} | {int(sum(nums(k + '.non2xx')))} |")
    P("")
    if "metrics.series" in rows:
        P(f"One scrape holds {one('metrics.series')} samples.\n")
    off, on = med("http.metrics_off.rps"), med("http.metrics_on.rps")
    if off and on:
        mloss = (1 - on / off) * 100
        targets.append(("Metrics add at most 3 % to the file-details route's throughput (issue 21)",
                        f"on {on:.0f} req/s vs off {off:.0f} req/s: {mloss:.1f}% loss", mloss <= 3))

# ---------------------------------------------------------------- targets
P("## Targets (issue 7 unless the row names another)\n")
P("| target | measured | verdict |")
P("|---|---|---|")
for t, m, ok in targets:
    P(f"| {t} | {m} | {'not measured at that size' if ok is None else verdict(ok)} |")
P("")
extra = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS-notes.md")
if os.path.exists(extra):
    P(open(extra).read())
