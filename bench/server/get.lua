-- wrk script: GET the URL given to wrk at a bounded rate, for latency away from saturation.
--
--   GET_DELAY_MS=10 wrk -t1 -c4 -d30s --latency -s bench/server/get.lua \
--     'http://127.0.0.1:8080/threads?period=86400&lang_code=en'
--
-- Each connection pauses GET_DELAY_MS (default 0: as plain wrk, each connection sends its next
-- request as soon as the last is answered) before each request, so 4 connections with 10 ms
-- send at most about 400 requests/s. wrk measures latency from the send, not from the planned
-- start (no coordinated-omission correction: a stall shows in the latency of the request it
-- holds, not of the requests it delays).

local delay_ms = tonumber(os.getenv("GET_DELAY_MS") or "0")

function delay()
  return delay_ms
end
