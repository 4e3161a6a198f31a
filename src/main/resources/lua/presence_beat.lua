-- A worker heartbeat: its presence key lives for ttl, and it is listed as active.
-- KEYS[1] worker:heartbeat:{id}, KEYS[2] set:active_workers; ARGV[1] id, ARGV[2] now (ms), ARGV[3] ttl (ms).
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
