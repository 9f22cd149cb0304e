-- wrk script: inclusion proofs of random entries of a log of SIZE entries (default 1,000,000), e.g.
--   wrk -t1 -c1 -d20s --latency -s bench/wrk/inclusion.lua http://127.0.0.1:PORT/api/v1/log/proofs/ -- 1000000
local size = 1000000

function init(args)
  if args[1] ~= nil then size = tonumber(args[1]) end
  math.randomseed(24)
end

function request()
  local path = wrk.path .. "inclusion?index=" .. math.random(0, size - 1) .. "&size=" .. size
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("inclusion proof answered " .. status .. "\n")
  end
end
