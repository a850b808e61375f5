-- wrk script for Scripts/bench.sh service and report: POSTs bodies taken in turn from a JSON-lines file (for
-- /v1/retrieve, queries.jsonl: each line is already {"character": ..., "message": ...}) to $ROUTE
-- (default /v1/retrieve) and counts statuses.
local bodies = {}
local next_body = 1
local statuses = {}
local route = os.getenv("ROUTE") or "/v1/retrieve"

function init(args)
    local path = args[1] or os.getenv("QUERIES")
    for line in io.lines(path) do
        if #line > 0 then bodies[#bodies + 1] = line end
    end
    if #bodies == 0 then error("no queries in " .. tostring(path)) end
    next_body = math.random(#bodies)
end

function request()
    local body = bodies[next_body]
    next_body = next_body % #bodies + 1
    local headers = {["Content-Type"] = "application/json"}
    local token = os.getenv("INSIGHTGRAPH_TOKEN")
    if token and #token > 0 then headers["Authorization"] = "Bearer " .. token end
    return wrk.format("POST", route, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    io.write(string.format("requests: %d in %.1f s = %.0f req/s\n", summary.requests,
        summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
    io.write(string.format("latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
        latency.max / 1000))
    io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
        summary.errors.status))
end
