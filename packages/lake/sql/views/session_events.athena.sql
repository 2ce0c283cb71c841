-- session_events: every event of `events` with its session, by the sessionizer's rules: per
-- partition key, in order of corrected timestamp then fact id (the first 9 bytes of
-- sha256(messageId), base64url); a new session after an inactivity gap of more than
-- {{gap_ms}} ms, or when an event is more than {{max_session_ms}} ms after its session's first.
-- Athena: the sessions that the maximum length cuts out of one activity run are found by
-- reduce() over the run's event times (Athena has no recursive CTE to follow them).
WITH
run_starts AS (
  SELECT
    session_key,
    run,
    reduce(
      array_agg(t ORDER BY seq),
      ARRAY[min(t)],
      (starts, x) -> IF(x - element_at(starts, -1) > {{max_session_ms}}, starts || x, starts),
      starts -> starts
    ) AS starts
  FROM session_runs
  GROUP BY session_key, run
),
grouped AS (
  SELECT
    r.*,
    cardinality(filter(rs.starts, s -> s <= r.t)) AS part,
    last_value(nullif(r.user_id, '')) IGNORE NULLS OVER (
      PARTITION BY r.session_key ORDER BY r.seq ROWS UNBOUNDED PRECEDING
    ) AS user_so_far
  FROM session_runs AS r
  JOIN run_starts AS rs ON rs.session_key = r.session_key AND rs.run = r.run
)
SELECT
  {{columns}},
  session_key,
  t,
  seq,
  lower(to_hex(substr(sha256(
    to_utf8(session_key) || X'00'
    || to_utf8(first_value(fact_id) OVER (PARTITION BY session_key, run, part ORDER BY seq))
  ), 1, 16))) AS session_id,
  last_value(user_so_far) OVER (
    PARTITION BY session_key, run, part ORDER BY seq
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
  ) AS session_user_id
FROM grouped
