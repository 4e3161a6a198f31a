-- A worker left (drained) or was reaped. KEYS[1] worker:heartbeat:{id}, KEYS[2] set:active_workers; ARGV[1] id.
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
