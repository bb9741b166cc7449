-- Streaming PUT uploads of BENCH_SIZE bytes, a new file name for every request
-- (run start time + wrk thread number + counter, so runs and threads never collide).
-- With BENCH_BUCKET set, S3 PUT object instead (no authentication): /BUCKET/FOLDER/name, for the
-- S3Proxy row beside ours; with BENCH_MULTIPART=1, Assetgate's multipart POST (the widget's kind of
-- upload, one file part); otherwise Assetgate's PUT /bench/v4/files?folder=FOLDER&filename=name.
local key = os.getenv("BENCH_KEY")
local size = tonumber(os.getenv("BENCH_SIZE"))
local bucket = os.getenv("BENCH_BUCKET")
local folder = os.getenv("BENCH_FOLDER") or "/small"
local multipart = os.getenv("BENCH_MULTIPART") == "1"
local body = string.rep("x", size)
-- everything of the form after the file name, built once: the client shares the cores with the server
local form_tail = "\"\r\nContent-Type: application/octet-stream\r\n\r\n" .. body .. "\r\n--BenchBoundary--\r\n"
local counter = 0
local started = os.time()
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local name = "f-" .. started .. "-" .. tostring(tid) .. "-" .. counter .. ".bin"
  if bucket and bucket ~= "" then
    return wrk.format("PUT", "/" .. bucket .. "/" .. folder .. "/" .. name, {["Content-Type"] = "application/octet-stream"}, body)
  end
  if multipart then
    local form = "--BenchBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" .. name .. form_tail
    return wrk.format("POST", "/bench/v4/files?folder=" .. folder, {["X-Filerobot-Key"] = key,
      ["Content-Type"] = "multipart/form-data; boundary=BenchBoundary"}, form)
  end
  local path = "/bench/v4/files?folder=" .. folder .. "&filename=" .. name
  return wrk.format("PUT", path, {["X-Filerobot-Key"] = key, ["Content-Type"] = "application/octet-stream"}, body)
end
