-- wrk script: distinct units against the assignment endpoint.
-- usage: KEY=<admin key> wrk -t2 -c64 -d20s -s assign.lua --latency http://127.0.0.1:8080
local key = os.getenv("KEY") or "bench-admin-key-123456"
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/experiments/homepage-recs/assignment?unit=c" .. i,
    {["Authorization"] = "Bearer " .. key})
end
