-- Fills the hot cache with snapshots of finished workflows/jobs, unless a change that may alter
-- finished entries (a workflow retry or cancel) happened since the reader read the generation;
-- then evicts the oldest entries beyond the bound.
-- KEYS[1] = cache:workflows, KEYS[2] = cache:jobs, KEYS[3] = cache:index, KEYS[4] = cache:generation
-- ARGV[1] = generation the reader saw before reading the store ('' when there was none)
-- ARGV[2] = max entries (both hashes together), ARGV[3] = now (ms, the index score)
-- ARGV[4..] = triples: kind ('w' or 'j'), id, json
-- Returns the number stored, or -1 when the generation moved (nothing stored).
local current = redis.call('GET', KEYS[4]) or ''
if current ~= ARGV[1] then
  return -1
end
local stored = 0
for i = 4, #ARGV, 3 do
  local kind, id = ARGV[i], ARGV[i + 1]
  redis.call('HSET', kind == 'w' and KEYS[1] or KEYS[2], id, ARGV[i + 2])
  redis.call('ZADD', KEYS[3], ARGV[3], kind .. ':' .. id)
  stored = stored + 1
end
local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
if excess > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[3], excess)
  for i = 1, #oldest, 2 do
    local member = oldest[i]
    redis.call('HDEL', string.sub(member, 1, 1) == 'w' and KEYS[1] or KEYS[2], string.sub(member, 3))
  end
end
return stored
