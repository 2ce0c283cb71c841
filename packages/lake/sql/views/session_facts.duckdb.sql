-- session_facts: `events` with what ordering them in a session needs: the key, `t` (epoch ms) and
-- the fact id (the first 9 bytes of sha256(messageId), base64url), as the sessionizer's `toFact`.
SELECT
  *,
  partition_key AS session_key,
  epoch_ms("timestamp") AS t,
  replace(replace(to_base64(unhex(left(sha256(message_id), 18))), '+', '-'), '/', '_') AS fact_id
FROM events
