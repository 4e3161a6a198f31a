-- Release lock KEYS[1] if it is still the grant of owner ARGV[1] with token ARGV[2] (see lock_renew).
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
