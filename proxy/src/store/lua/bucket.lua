-- The account's call budget for one or more Connect operations, shared by every replica: the
-- token bucket of proxy/src/budget/limiter.rs, kept in a hash per operation and run on the
-- store's clock (TIME), so replicas' clocks never matter. Loaded before each script below
-- (RedisStore concatenates them), so there is one copy of the arithmetic.
--
-- Every replica passes the same rate and burst: `--connect-rate` and `--connect-burst` less
-- the one call held back.

local function now_seconds()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

-- A bucket's state, refilled to `now`. One the store does not hold (its first use, or the
-- store restarted and lost it) starts empty, not full: replicas may have spent the burst on
-- their own while the store was away.
local function load(key, configured, burst, recovery, now)
  local f = redis.call('HMGET', key, 'tokens', 'rate', 'last')
  local tokens, rate, last = tonumber(f[1]), tonumber(f[2]), tonumber(f[3])
  if tokens == nil or rate == nil or last == nil then
    return { tokens = 0, rate = configured, last = now }
  end
  local elapsed = math.max(0, now - last)
  return {
    tokens = math.min(burst, tokens + elapsed * rate),
    rate = math.min(configured, rate + elapsed * configured / recovery),
    last = math.max(last, now),
  }
end

local function save(key, b, ttl_ms)
  redis.call('HSET', key,
    'tokens', string.format('%.17g', b.tokens),
    'rate', string.format('%.17g', b.rate),
    'last', string.format('%.17g', b.last))
  redis.call('PEXPIRE', key, ttl_ms)
end
