-- Claim up to max jobs of one queue, best first, whose type is wanted. Atomic: a claimed id is
-- removed from the queue and its meta in the same script, so two claimers never share a job.
-- KEYS[1] the queue's sorted set, KEYS[2] job meta hash.
-- ARGV[1] max, ARGV[2] scan limit (entries looked at, at most), ARGV[3..] wanted types (none = any).
-- Returns { {id1, meta1, id2, meta2, ...}, orphanCount }. Orphans (ids without meta) are dropped:
-- the state store's sweeper re-enqueues any QUEUED job that the queue lost.
local max = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local any = #ARGV < 3
local wanted = {}
for i = 3, #ARGV do wanted[ARGV[i]] = true end

-- Scan in windows by rank; nothing is removed while scanning, so ranks stay put.
local window = math.min(4 * max + 64, 1000)
local taken, out, orphans = {}, {}, {}
local start = 0
while #taken < max and start < limit do
  local stop = math.min(start + window, limit) - 1
  local ids = redis.call('ZRANGE', KEYS[1], start, stop)
  if #ids == 0 then break end
  local metas = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #ids do
    local meta = metas[i]
    if not meta then
      orphans[#orphans + 1] = ids[i]
    else
      local jobType = string.match(meta, '^[^|]*|[^|]*|[^|]*|(.*)$')
      if any or wanted[jobType] then
        taken[#taken + 1] = ids[i]
        out[#out + 1] = ids[i]
        out[#out + 1] = meta
        if #taken >= max then break end
      end
    end
  end
  if #ids < stop - start + 1 then break end
  start = stop + 1
end

-- Remove in chunks: unpack() has a stack limit.
local function removeAll(list, alsoMeta)
  for from = 1, #list, 500 do
    local chunk = {}
    for j = from, math.min(from + 499, #list) do chunk[#chunk + 1] = list[j] end
    redis.call('ZREM', KEYS[1], unpack(chunk))
    if alsoMeta then redis.call('HDEL', KEYS[2], unpack(chunk)) end
  end
end
removeAll(taken, true)
removeAll(orphans, false)
return { out, #orphans }
