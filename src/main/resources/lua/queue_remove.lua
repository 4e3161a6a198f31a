-- Remove jobs from their queues (a cancelled workflow).
-- KEYS[1] job meta hash, KEYS[1+i] the sorted set of job i; ARGV[i] the id of job i.
-- The meta goes only with a removed id, so a wrong queue name cannot orphan a queued job.
local removed = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[1 + i], ARGV[i]) == 1 then
    redis.call('HDEL', KEYS[1], ARGV[i])
    removed = removed + 1
  end
end
return removed
