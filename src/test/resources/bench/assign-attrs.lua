-- wrk script: distinct units with attributes against a targeted (and layered) experiment's
-- assignment endpoint (issue 23 item 5; used by assign-vs-health.sh).
-- usage: KEY=<admin key> EXPERIMENT=<key> wrk -t1 -c32 -d10s -s assign-attrs.lua http://127.0.0.1:8080
local key = os.getenv("KEY") or "bench-admin-key-123456"
local experiment = os.getenv("EXPERIMENT") or "targeted-layered"
local countries = {"DE", "AT", "CH", "FR"}
local i = 0
request = function()
  i = i + 1
  -- one unit in four is outside the targeting (FR): both answers are measured, as in production
  return wrk.format("GET", "/api/v1/experiments/" .. experiment .. "/assignment?unit=c" .. i
    .. "&attr.country=" .. countries[i % 4 + 1] .. "&attr.device=mobile",
    {["Authorization"] = "Bearer " .. key})
end
