-- Enqueue ready jobs, idempotently.
-- KEYS[1] job meta hash, KEYS[2] set of queue names, KEYS[2+i] the sorted set of job i.
-- ARGV per job i (4 each): queue name, job id, score, meta ("wp|jp|workflowId|type").
-- A job already queued keeps its score and meta; the meta is only (re)written when the id was added,
-- or repaired when it had gone missing.
local added = 0
local n = #KEYS - 2
for i = 1, n do
  local base = (i - 1) * 4
  local queue, id, score, meta = ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4]
  if redis.call('ZADD', KEYS[2 + i], 'NX', score, id) == 1 then
    redis.call('HSET', KEYS[1], id, meta)
    added = added + 1
  else
    redis.call('HSETNX', KEYS[1], id, meta)
  end
  redis.call('SADD', KEYS[2], queue)
end
return added
