-- session_events: every event of `events` with its session, by the sessionizer's rules: per
-- partition key, in order of corrected timestamp then fact id (the first 9 bytes of
-- sha256(messageId), base64url); a new session after an inactivity gap of more than
-- {{gap_ms}} ms, or when an event is more than {{max_session_ms}} ms after its session's first.
-- DuckDB: the sessions that the maximum length cuts out of one activity run are found by
-- following, from the run's first event, "the first event more than the maximum after it"
-- (a recursive CTE, one step per session of the run).
WITH RECURSIVE
jumps AS (
  SELECT
    *,
    min(seq) OVER (
      PARTITION BY session_key, run ORDER BY t
      RANGE BETWEEN {{max_session_ms_plus_one}} FOLLOWING AND UNBOUNDED FOLLOWING
    ) AS next_start
  FROM session_runs
),
starts AS (
  SELECT session_key, min(seq) AS seq FROM jumps GROUP BY session_key, run
  UNION ALL
  SELECT j.session_key, j.next_start
  FROM starts AS s
  JOIN jumps AS j ON j.session_key = s.session_key AND j.seq = s.seq
  WHERE j.next_start IS NOT NULL
),
grouped AS (
  SELECT
    j.*,
    max(s.seq) OVER (PARTITION BY j.session_key ORDER BY j.seq ROWS UNBOUNDED PRECEDING) AS first_seq,
    last_value(nullif(j.user_id, '') IGNORE NULLS) OVER (
      PARTITION BY j.session_key ORDER BY j.seq ROWS UNBOUNDED PRECEDING
    ) AS user_so_far
  FROM jumps AS j
  LEFT JOIN starts AS s ON s.session_key = j.session_key AND s.seq = j.seq
)
SELECT
  {{columns}},
  session_key,
  t,
  seq,
  left(
    sha256(
      session_key || chr(0)
      || first_value(fact_id) OVER (PARTITION BY session_key, first_seq ORDER BY seq)
    ),
    32
  ) AS session_id,
  last_value(user_so_far) OVER (
    PARTITION BY session_key, first_seq ORDER BY seq
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
  ) AS session_user_id
FROM grouped
