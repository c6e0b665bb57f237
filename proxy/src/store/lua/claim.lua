-- A replica about to refresh a contact: the shared cache's answer and its age, and the
-- contact's refresh lock if nobody holds it (single flight: one replica calls Connect for a
-- contact at a time; the others wait for its answer).
-- KEYS[1]: the contact's cache hash, KEYS[2]: its lock. ARGV: lock token, lock TTL ms.
-- Returns { cached answer or '', its age in ms or -1, 1 if this caller now holds the lock }.
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local locked = redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
local f = redis.call('HMGET', KEYS[1], 'answer', 'at')
if f[1] and f[2] then
  return { f[1], math.max(0, now_ms - tonumber(f[2])), locked }
end
return { '', -1, locked }
