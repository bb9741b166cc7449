-- Distinct transformations of one image, so none is served from the derivative cache:
-- w from 200 to 299 crossed with q from 20 to 99 (8000 pairs), starting at BENCH_OFFSET.
-- Run with one wrk thread (-t1): the counter lives in one Lua state, so no request repeats another.
local path = os.getenv("BENCH_PATH")
local i = tonumber(os.getenv("BENCH_OFFSET") or "0")
request = function()
  i = i + 1
  local w = 200 + i % 100
  local q = 20 + math.floor(i / 100) % 80
  return wrk.format("GET", path .. "?w=" .. w .. "&q=" .. q)
end
