-- Visitors (people: identity stitched, person_id), sessions and events of the period, beside the previous period of equal length.
WITH
marked_events AS (
  SELECT "timestamp" >= {{from_ts}} AS current_period, person_id FROM panel_events
),
marked_sessions AS (
  SELECT started_at >= {{from_ts}} AS current_period FROM panel_sessions
)
SELECT
  v.visitors,
  v.previous_visitors,
  s.sessions,
  s.previous_sessions,
  v.events,
  v.previous_events
FROM (
  SELECT
    count(DISTINCT person_id) FILTER (WHERE current_period) AS visitors,
    count(DISTINCT person_id) FILTER (WHERE NOT current_period) AS previous_visitors,
    count(*) FILTER (WHERE current_period) AS events,
    count(*) FILTER (WHERE NOT current_period) AS previous_events
  FROM marked_events
) AS v
CROSS JOIN (
  SELECT
    count(*) FILTER (WHERE current_period) AS sessions,
    count(*) FILTER (WHERE NOT current_period) AS previous_sessions
  FROM marked_sessions
) AS s
