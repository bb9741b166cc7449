-- Distinct transformations of one image, so none is served from the derivative cache:
-- w from 200 to 299 crossed with q from 20 to 99 (8000 pairs), starting at BENCH_OFFSET.
-- Run with one wrk thread (-t1): the counter lives in one Lua state, so no request repeats another.
-- At the end it prints one line per HTTP status: "status 200 123".
local path = os.getenv("BENCH_PATH")
local i = tonumber(os.getenv("BENCH_OFFSET") or "0")
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  statuses = {}
end

request = function()
  i = i + 1
  local w = 200 + i % 100
  local q = 20 + math.floor(i / 100) % 80
  return wrk.format("GET", path .. "?w=" .. w .. "&q=" .. q)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      io.write("status " .. status .. " " .. n .. "\n")
    end
  end
end
