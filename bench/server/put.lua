-- wrk script: PUTs distinct news pages to `storyline serve`, one page per request.
--
--   PUT_PAGES=/tmp/pages.tsv PUT_THREADS=2 PUT_TAG=a1 \
--     wrk -t2 -c32 -d60s -s bench/server/put.lua http://127.0.0.1:8080
--
-- The pages file is make_pages.py's output (`id<TAB>html`, one page a line). Thread k of
-- PUT_THREADS (which must equal wrk's -t) sends lines k, k+n, k+2n, ... of the file, read as it
-- goes (memory stays flat for any file size), and starts over at the end. The document id is
-- `<line id>-<PUT_TAG>`, plus `-w<pass>` from the second pass over the file on: ids are
-- distinct within a run, and across runs given distinct tags.
--
-- Environment:
--   PUT_PAGES     pages file (required)
--   PUT_THREADS   wrk's -t (default 1)
--   PUT_TAG       run tag in every id (default: the time at start)
--   PUT_ROUTE     api: PUT /api/documents/<id> (default); tgnews: PUT /<id>.html with
--                 Cache-Control: max-age=PUT_MAX_AGE (the contest's route)
--   PUT_MAX_AGE   seconds (default 2592000, 30 days, so that nothing expires during a run)
--   PUT_START     skip this many lines of the file first (a run that continues another's pages)
--   PUT_COUNT     send this many pages in all, then each thread stops once its PUTs are
--                 answered (wrk itself runs for its -d: interrupt it with SIGINT to end it early)
--   PUT_DELAY_MS  pause of each connection before each request (a moderate, steady load)
-- At the end it prints the responses by status (201 created, 200/204 replaced, 422 rejected).

local threads = {}
local tid_next = 0

function setup(thread)
  thread:set("tid", tid_next)
  tid_next = tid_next + 1
  table.insert(threads, thread)
end

local file, lineno, pass, sent, answered, quota, verified
local route, max_age, tag, delay_ms, nthreads
counts = {}

function init(args)
  local path = os.getenv("PUT_PAGES") or error("put.lua: set PUT_PAGES to the pages file")
  file = io.open(path, "r") or error("put.lua: cannot open " .. path)
  nthreads = tonumber(os.getenv("PUT_THREADS") or "1")
  route = os.getenv("PUT_ROUTE") or "api"
  max_age = os.getenv("PUT_MAX_AGE") or "2592000"
  tag = os.getenv("PUT_TAG") or tostring(os.time())
  delay_ms = tonumber(os.getenv("PUT_DELAY_MS") or "0")
  local total = tonumber(os.getenv("PUT_COUNT") or "0")
  if total > 0 then
    quota = math.floor(total / nthreads)
    if tid < total % nthreads then quota = quota + 1 end
  end
  local start = tonumber(os.getenv("PUT_START") or "0")
  lineno, pass, sent, answered, verified = 0, 0, 0, 0, false
  for _ = 1, start do
    if not file:read("*l") then
      file:seek("set", 0)
      break
    end
  end
end

-- The next line of this thread's slice: id, html.
local function next_page()
  while true do
    local line = file:read("*l")
    if not line then
      if lineno == 0 and pass > 0 then error("put.lua: no page in the file") end
      file:seek("set", 0)
      lineno = 0
      pass = pass + 1
    else
      lineno = lineno + 1
      if (lineno - 1) % nthreads == tid then
        local tab = line:find("\t", 1, true)
        if tab then return line:sub(1, tab - 1), line:sub(tab + 1) end
      end
    end
  end
end

function delay()
  return delay_ms
end

function request()
  -- wrk calls request() once to check it before thread 1 starts: that call (and each other
  -- thread's first) gets a GET /healthz, so that no page is lost; so do calls after PUT_COUNT.
  if not verified or (quota and sent >= quota) then
    verified = true
    return wrk.format("GET", "/healthz")
  end
  local id, page = next_page()
  id = id .. "-" .. tag
  if pass > 0 then id = id .. "-w" .. pass end
  sent = sent + 1
  if route == "tgnews" then
    return wrk.format("PUT", "/" .. id .. ".html",
                      {["Content-Type"] = "text/html; charset=utf-8",
                       ["Cache-Control"] = "max-age=" .. max_age}, page)
  end
  return wrk.format("PUT", "/api/documents/" .. id,
                    {["Content-Type"] = "text/html; charset=utf-8"}, page)
end

-- Counts the PUT responses by status (not the /healthz answers).
function response(status, headers, body)
  if body:sub(1, 10) ~= '{"status":' then
    counts[status] = (counts[status] or 0) + 1
    answered = answered + 1
  end
  if quota and answered >= quota then wrk.thread:stop() end
end

function done(summary_, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("counts")
    for status, n in pairs(s or {}) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. ": " .. n) end
  table.sort(parts)
  io.write("put.lua: responses by status: " .. table.concat(parts, ", ") .. "\n")
  if tonumber(os.getenv("PUT_THREADS") or "1") ~= #threads then
    io.write("put.lua: WARNING: PUT_THREADS differs from wrk -t (" .. #threads ..
             "): threads sent overlapping pages\n")
  end
end
