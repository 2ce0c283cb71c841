-- Funnel: sessions reaching each step, in order within the session (edit the steps; up to 5).
WITH
steps (step, event) AS (
  VALUES
    (1, 'Product Viewed'),
    (2, 'Product Added'),
    (3, 'Checkout Started'),
    (4, 'Order Completed')
),
hits AS (
  SELECT e.session_id, e.seq, s.step
  FROM session_events AS e
  JOIN steps AS s ON s.event = e.event
  JOIN counted_sessions AS c ON c.session_id = e.session_id
  WHERE e.type = 'track'
),
step1 AS (
  SELECT session_id, min(seq) AS seq FROM hits WHERE step = 1 GROUP BY session_id
),
step2 AS (
  SELECT h.session_id, min(h.seq) AS seq
  FROM hits AS h JOIN step1 AS p ON p.session_id = h.session_id AND h.seq > p.seq
  WHERE h.step = 2 GROUP BY h.session_id
),
step3 AS (
  SELECT h.session_id, min(h.seq) AS seq
  FROM hits AS h JOIN step2 AS p ON p.session_id = h.session_id AND h.seq > p.seq
  WHERE h.step = 3 GROUP BY h.session_id
),
step4 AS (
  SELECT h.session_id, min(h.seq) AS seq
  FROM hits AS h JOIN step3 AS p ON p.session_id = h.session_id AND h.seq > p.seq
  WHERE h.step = 4 GROUP BY h.session_id
),
step5 AS (
  SELECT h.session_id, min(h.seq) AS seq
  FROM hits AS h JOIN step4 AS p ON p.session_id = h.session_id AND h.seq > p.seq
  WHERE h.step = 5 GROUP BY h.session_id
),
reached (step, sessions) AS (
  SELECT 1, count(*) FROM step1
  UNION ALL SELECT 2, count(*) FROM step2
  UNION ALL SELECT 3, count(*) FROM step3
  UNION ALL SELECT 4, count(*) FROM step4
  UNION ALL SELECT 5, count(*) FROM step5
)
SELECT
  s.step,
  s.event,
  r.sessions,
  round(100.0 * r.sessions / nullif(max(r.sessions) OVER (), 0), 1) AS pct_of_first
FROM steps AS s
JOIN reached AS r ON r.step = s.step
ORDER BY s.step
