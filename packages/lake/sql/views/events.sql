-- events: one row per message_id and event date, the copy the collector received first
-- (at-least-once delivery writes duplicates; a client re-send keeps its messageId).
SELECT {{columns}}
FROM (
  SELECT
    *,
    row_number() OVER (
      PARTITION BY event_date, message_id
      ORDER BY received_at, "timestamp"
    ) AS copy_rank
  FROM {{source}}
  WHERE {{event_date_range}}
) AS copies
WHERE copy_rank = 1
