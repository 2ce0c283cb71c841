-- Sessions by length (first to last event), in buckets from single-event sessions to 2 h and more.
WITH
bucketed AS (
  SELECT
    CASE
      WHEN duration_ms = 0 THEN 1
      WHEN duration_ms < 60000 THEN 2
      WHEN duration_ms < 300000 THEN 3
      WHEN duration_ms < 900000 THEN 4
      WHEN duration_ms < 1800000 THEN 5
      WHEN duration_ms < 3600000 THEN 6
      WHEN duration_ms < 7200000 THEN 7
      ELSE 8
    END AS bucket
  FROM panel_sessions
),
buckets (bucket, length) AS (
  VALUES
    (1, 'single event'),
    (2, 'under 1 min'),
    (3, '1-5 min'),
    (4, '5-15 min'),
    (5, '15-30 min'),
    (6, '30-60 min'),
    (7, '1-2 h'),
    (8, '2 h and more')
)
SELECT b.length, count(s.bucket) AS sessions
FROM buckets AS b
LEFT JOIN bucketed AS s ON s.bucket = b.bucket
GROUP BY b.bucket, b.length
ORDER BY b.bucket
