-- wrk script: recommendations for real customer ids, paced to a target rate.
-- usage: KEY=<key> UNITS=units.txt RATE_PER_CONN=100 wrk -t2 -c20 -d30s -s recommend.lua --latency http://127.0.0.1:8080
-- (20 connections x 100 requests/s each = 2,000 requests/s)
local key = os.getenv("KEY") or "bench-admin-key-123456"
local rate = tonumber(os.getenv("RATE_PER_CONN") or "0")
local units = {}
for line in io.lines(os.getenv("UNITS") or "units.txt") do units[#units + 1] = line end
local i = 0
request = function()
  i = i + 1
  local unit = units[(i % #units) + 1]
  return wrk.format("GET", "/api/v1/recommendations?experiment=homepage-recs&n=6&unit=" .. unit,
    {["Authorization"] = "Bearer " .. key})
end
if rate > 0 then
  delay = function() return 1000 / rate end
end
