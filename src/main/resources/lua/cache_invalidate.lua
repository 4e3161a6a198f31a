-- Drops cached snapshots of workflows/jobs that a committed change touched.
-- KEYS[1] = cache:workflows, KEYS[2] = cache:jobs, KEYS[3] = cache:index, KEYS[4] = cache:generation
-- ARGV[1] = '1' to bump the generation (the change may alter finished entries), else '0'
-- ARGV[2] = seed for a missing generation (ms x 1000): keeps it moving forward after a flush
-- ARGV[3..] = pairs: kind ('w' or 'j'), id
if ARGV[1] == '1' then
  if redis.call('EXISTS', KEYS[4]) == 0 then
    redis.call('SET', KEYS[4], ARGV[2])
  else
    redis.call('INCR', KEYS[4])
  end
end
for i = 3, #ARGV, 2 do
  local kind, id = ARGV[i], ARGV[i + 1]
  redis.call('HDEL', kind == 'w' and KEYS[1] or KEYS[2], id)
  redis.call('ZREM', KEYS[3], kind .. ':' .. id)
end
return (#ARGV - 2) / 2
