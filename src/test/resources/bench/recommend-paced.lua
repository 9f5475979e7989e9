-- wrk script: recommendations for real customer ids at a fixed rate (issue 8). Debian has no wrk2,
-- so this paces wrk itself: every wrk thread keeps a schedule of send times at RATE/THREADS requests/s
-- (monotonic clock through LuaJIT's ffi), and delay() holds each connection's next request until the
-- next free slot of its thread. A slow answer holds up only its own connection; the other connections
-- keep the schedule, so use many more connections than RATE x latency (50 for 2,000/s). wrk measures
-- latency from the actual send, so a stall that leaves every connection waiting would be under-counted
-- (coordinated omission); check that "Requests/sec" matches RATE, which says the schedule was kept.
-- usage: KEY=<key> UNITS=units.txt RATE=2000 THREADS=2 wrk -t2 -c50 -d30s -s recommend-paced.lua --latency http://127.0.0.1:8080
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } timespec_t;
int clock_gettime(int clk, timespec_t *tp);
]]
local ts = ffi.new("timespec_t")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local key = os.getenv("KEY") or "bench-admin-key-123456"
local rate = tonumber(os.getenv("RATE") or "2000")
local threads = tonumber(os.getenv("THREADS") or "2")
local units = {}
for line in io.lines(os.getenv("UNITS") or "units.txt") do units[#units + 1] = line end
local i = math.random(1, 100000)
local interval = 1000 * threads / rate
local next_at = nil
request = function()
  i = i + 1
  local unit = units[(i % #units) + 1]
  return wrk.format("GET", "/api/v1/recommendations?experiment=homepage-recs&n=6&unit=" .. unit,
    {["Authorization"] = "Bearer " .. key})
end
delay = function()
  local t = now_ms()
  if next_at == nil then next_at = t end
  next_at = next_at + interval
  local d = next_at - t
  if d < 0 then return 0 end
  return d
end
