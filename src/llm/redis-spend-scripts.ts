/**
 * The Lua the Redis spend store runs, so a limit check and the reservation it admits are one atomic step.
 * Amounts are integer units of 1e-8 USD (exact sums, unlike INCRBYFLOAT's decimal floats). A reservation is
 * a member `<id>:<units>` of a sorted set scored by its expiry in Redis's own clock (`TIME`), so the workers'
 * clocks need not agree; expired members are dropped whenever a set is read.
 */

const LIVE = `
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function live(key, now)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local sum = 0
  for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    sum = sum + tonumber(string.match(member, ':(%d+)$'))
  end
  return sum
end
`;

/** KEYS[1]: a reservation set. Returns the sum of its live reservations in units. */
export const RESERVED_SCRIPT = `${LIVE}
return live(KEYS[1], now_ms())
`;

/**
 * KEYS: each claim's total key then its reservation set. ARGV: amount (units), TTL (ms), member, then each
 * claim's limit in units ('' for none). Returns {0, 0} when reserved, else {claim number, committed units}.
 */
export const RESERVE_SCRIPT = `${LIVE}
local amount = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local now = now_ms()
local claims = #KEYS / 2
for i = 1, claims do
  local committed = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0') + live(KEYS[2 * i], now)
  local limit = ARGV[3 + i]
  if limit ~= '' and committed + amount > tonumber(limit) then return {i, committed} end
end
for i = 1, claims do
  local set = KEYS[2 * i]
  redis.call('ZADD', set, now + ttl, ARGV[3])
  if redis.call('PTTL', set) < ttl then redis.call('PEXPIRE', set, ttl) end
end
return {0, 0}
`;
