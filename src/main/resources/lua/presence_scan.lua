-- Members of set:active_workers split by whether their heartbeat key still exists.
-- KEYS[1] set:active_workers; ARGV[1] heartbeat key prefix; ARGV[2] 'active' or 'lapsed'.
-- (Heartbeat keys are derived from the members, so they cannot all be declared in KEYS: standalone only.)
local wantAlive = ARGV[2] == 'active'
local result = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local alive = redis.call('EXISTS', ARGV[1] .. id) == 1
  if alive == wantAlive then result[#result + 1] = id end
end
return result
