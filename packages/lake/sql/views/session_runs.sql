-- session_runs: `session_facts` in order per key (`seq`) and cut into runs of activity (`run`):
-- a new run after a gap of more than {{gap_ms}} ms, the sessionizer's inactivity rule.
WITH
sequenced AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY session_key ORDER BY t, fact_id) AS seq,
    t - lag(t) OVER (PARTITION BY session_key ORDER BY t, fact_id) AS since_previous
  FROM session_facts
),
runs AS (
  SELECT
    *,
    sum(CASE WHEN since_previous > {{gap_ms}} THEN 1 ELSE 0 END) OVER (
      PARTITION BY session_key ORDER BY seq ROWS UNBOUNDED PRECEDING
    ) AS run
  FROM sequenced
)
SELECT * FROM runs
