-- Visitors, sessions and events per {{bucket}}, beside the previous period of equal length (shifted onto this period's {{bucket}}s).
WITH
marked_events AS (
  SELECT
    "timestamp" >= {{from_ts}} AS current_period,
    date_trunc('{{bucket}}', CASE WHEN "timestamp" >= {{from_ts}} THEN "timestamp" ELSE "timestamp" + INTERVAL '{{days}}' DAY END) AS bucket,
    person_id
  FROM panel_events
),
marked_sessions AS (
  SELECT
    started_at >= {{from_ts}} AS current_period,
    date_trunc('{{bucket}}', CASE WHEN started_at >= {{from_ts}} THEN started_at ELSE started_at + INTERVAL '{{days}}' DAY END) AS bucket
  FROM panel_sessions
),
by_events AS (
  SELECT
    bucket,
    count(DISTINCT person_id) FILTER (WHERE current_period) AS visitors,
    count(DISTINCT person_id) FILTER (WHERE NOT current_period) AS previous_visitors,
    count(*) FILTER (WHERE current_period) AS events,
    count(*) FILTER (WHERE NOT current_period) AS previous_events
  FROM marked_events
  GROUP BY bucket
),
by_sessions AS (
  SELECT
    bucket,
    count(*) FILTER (WHERE current_period) AS sessions,
    count(*) FILTER (WHERE NOT current_period) AS previous_sessions
  FROM marked_sessions
  GROUP BY bucket
)
SELECT
  CAST(e.bucket AS VARCHAR) AS bucket,
  e.visitors,
  coalesce(s.sessions, 0) AS sessions,
  e.events,
  e.previous_visitors,
  coalesce(s.previous_sessions, 0) AS previous_sessions,
  e.previous_events
FROM by_events AS e
LEFT JOIN by_sessions AS s ON s.bucket = e.bucket
ORDER BY e.bucket
