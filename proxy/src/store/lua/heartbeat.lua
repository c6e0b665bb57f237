-- A replica announces itself and counts the replicas alive: a sorted set of replica IDs
-- scored by their last heartbeat on the store's clock, whose stale members are dropped here.
-- (One key rather than a key per replica with a TTL: counting is ZCARD, not a SCAN of the
-- whole keyspace.)
-- KEYS[1]: the set. ARGV: this replica's ID, how long a heartbeat counts, ms.
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now_ms, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - ttl)
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return redis.call('ZCARD', KEYS[1])
