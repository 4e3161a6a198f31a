-- Adds deltas to counters in one step.
-- KEYS[1] = metrics:counters (hash name -> total)
-- ARGV    = name1, delta1, name2, delta2, ...
for i = 1, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
return #ARGV / 2
