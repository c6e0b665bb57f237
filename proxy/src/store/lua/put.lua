-- Connect answered: the contact's cache, stamped with the store's clock, and its lock released
-- if the caller still holds it.
-- KEYS[1]: the cache hash, KEYS[2]: the lock. ARGV: answer, cache TTL ms, lock token.
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'answer', ARGV[1], 'at', now_ms)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
return 1
