-- session_facts: `events` with what ordering them in a session needs: the key, `t` (epoch ms) and
-- the fact id (the first 9 bytes of sha256(messageId), base64url), as the sessionizer's `toFact`.
SELECT
  *,
  partition_key AS session_key,
  date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000', "timestamp") AS t,
  to_base64url(substr(sha256(to_utf8(message_id)), 1, 9)) AS fact_id
FROM events
