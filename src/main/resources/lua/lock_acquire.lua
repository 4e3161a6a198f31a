-- Grant lock KEYS[1] to owner ARGV[1] for ARGV[2] ms when nobody holds it. Returns the fencing
-- token (INCR of KEYS[2], always >= 1), or 0 when held (not false: RESP3 would make it a boolean).
-- The counter is seeded from ARGV[3] (now in ms x 1000) when missing, so tokens keep growing even
-- after Redis lost the counter (it keeps nothing on disk), unless 1000 grants a ms came before.
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[2], ARGV[3], 'NX')
return redis.call('INCR', KEYS[2])
