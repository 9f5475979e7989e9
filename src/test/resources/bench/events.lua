-- wrk script: POST /api/v1/events with unique ids (exposures of random customers, BATCH per request).
-- usage: KEY=<admin key> BATCH=10 RUN=<unique prefix> wrk -t1 -c32 -d20s -s events.lua http://127.0.0.1:8080
-- Ids are RUN-thread-counter, so threads, processes (set RUN apart) and reruns never collide and
-- every event is a new one: this measures writes, not duplicate detection.
local key = os.getenv("KEY") or "bench-admin-key-123456"
local batch = tonumber(os.getenv("BATCH") or "10")
local run = os.getenv("RUN") or tostring(os.time())
local experiment = os.getenv("EXPERIMENT") or "homepage-recs"
local threads = {}
local counter = 0
-- tid: set per thread by setup() (a global of that thread's Lua state)

setup = function(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
end

request = function()
  local events = {}
  for i = 1, batch do
    counter = counter + 1
    events[i] = string.format('{"id":"%s-%d-%d","type":"exposure","experiment":"%s","unit":"c%d"}',
      run, tid, counter, experiment, math.random(1, 100000))
  end
  return wrk.format("POST", "/api/v1/events",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"},
    '{"events":[' .. table.concat(events, ",") .. ']}')
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("events/s %.0f (%d requests x %d events in %.1f s, non-2xx %d)\n",
    summary.requests * batch / (summary.duration / 1e6), summary.requests, batch,
    summary.duration / 1e6, (summary.errors.status or 0)))
end
