-- Funnel: sessions reaching each step, in order within the session, with the conversion from the step before and the drop-off (up to 5 steps).
WITH
steps (step, event) AS (
  VALUES
{{steps}}
),
hits AS (
  SELECT e.session_id, e.seq, s.step
  FROM panel_events AS e
  JOIN steps AS s ON s.event = e.event
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
),
counted AS (
  SELECT s.step, s.event, r.sessions, lag(r.sessions) OVER (ORDER BY s.step) AS before
  FROM steps AS s
  JOIN reached AS r ON r.step = s.step
)
SELECT
  step,
  event,
  sessions,
  round(100.0 * sessions / nullif(first_value(sessions) OVER (ORDER BY step), 0), 1) AS pct_of_first,
  round(100.0 * sessions / nullif(before, 0), 1) AS pct_of_previous,
  coalesce(before - sessions, 0) AS dropped
FROM counted
ORDER BY step
