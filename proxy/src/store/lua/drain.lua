-- A replica back from degraded mode: it (and others) called Connect on local budgets while the
-- store was away, so whatever the shared buckets hold may already be spent. Empties them.
-- KEYS: the buckets. ARGV: rate, burst, recovery seconds, key TTL ms.
local configured, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local recovery, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_seconds()
for _, key in ipairs(KEYS) do
  local b = load(key, configured, burst, recovery, now)
  b.tokens = 0
  save(key, b, ttl)
end
return #KEYS
