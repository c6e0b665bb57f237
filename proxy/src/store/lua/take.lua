-- KEYS: the buckets of the operations one request needs (taken together or not at all).
-- ARGV: rate, burst, recovery seconds, key TTL ms, calls wanted.
-- Returns { calls granted from every bucket (0 to wanted), ms until the next call when fewer
-- than wanted were granted }.
local configured, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local recovery, ttl, wanted = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_seconds()
local buckets = {}
local granted = wanted
for i, key in ipairs(KEYS) do
  buckets[i] = load(key, configured, burst, recovery, now)
  granted = math.min(granted, math.floor(buckets[i].tokens))
end
granted = math.max(0, granted)
local wait = 0
for i, key in ipairs(KEYS) do
  local b = buckets[i]
  b.tokens = b.tokens - granted
  if granted < wanted and b.tokens < 1 then
    wait = math.max(wait, (1 - b.tokens) / b.rate)
  end
  save(key, b, ttl)
end
return { granted, math.ceil(wait * 1000) }
