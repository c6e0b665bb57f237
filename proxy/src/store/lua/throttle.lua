-- Connect answered ThrottlingException: something else in the account spends this quota.
-- Halves the shared rate (never below `floor` of the configured one) and empties the bucket,
-- as AdaptiveBucket::throttled does for one process.
-- KEYS[1]: the bucket. ARGV: rate, burst, recovery seconds, key TTL ms, floor share.
local configured, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local recovery, ttl, floor = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local b = load(KEYS[1], configured, burst, recovery, now_seconds())
b.rate = math.max(b.rate / 2, configured * floor)
b.tokens = 0
save(KEYS[1], b, ttl)
return 1
