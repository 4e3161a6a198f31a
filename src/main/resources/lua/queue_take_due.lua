-- Take the delayed job ids that are due: remove and return them, earliest first.
-- KEYS[1] queue:delayed; ARGV[1] now (ms); ARGV[2] max ids.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then
  redis.call('ZREM', KEYS[1], unpack(due))
end
return due
