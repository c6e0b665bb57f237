-- Releases a contact's refresh lock if the caller still holds it (it may have expired and been
-- taken by another replica since).
-- KEYS[1]: the lock. ARGV[1]: the caller's lock token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
