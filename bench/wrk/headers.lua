-- GET with the key (BENCH_KEY, may be empty) and a forwarded client address (BENCH_XFF) from the environment.
local key = os.getenv("BENCH_KEY")
local xff = os.getenv("BENCH_XFF")
if key and key ~= "" then wrk.headers["X-Filerobot-Key"] = key end
if xff and xff ~= "" then wrk.headers["X-Forwarded-For"] = xff end
