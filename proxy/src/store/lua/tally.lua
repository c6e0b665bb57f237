-- KEYS[1]: a count that lives for one window from its first add.
-- ARGV: 1 to add one (else only read), the window in ms.
-- Returns the count, after the add if there was one.
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[1] == '1' then
  count = redis.call('INCR', KEYS[1])
  if count == 1 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
  end
end
return count
