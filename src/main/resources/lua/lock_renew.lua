-- Extend lock KEYS[1] by ARGV[3] ms if it is still the grant of owner ARGV[1] with token ARGV[2]
-- (KEYS[2] is the fencing counter: it still equals the token while no later grant happened).
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
