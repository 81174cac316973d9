-- wrk script: POST the JSON body in $BENCH_BODY (a GraphQL request) and, when $BENCH_BEARER is
-- set, the header "Authorization: Bearer $BENCH_BEARER". Used by bench/lib.sh (bench_measure_graphql).
local body = os.getenv("BENCH_BODY")
if body == nil or body == "" then
  error("BENCH_BODY is not set")
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = body
local bearer = os.getenv("BENCH_BEARER")
if bearer ~= nil and bearer ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. bearer
end
