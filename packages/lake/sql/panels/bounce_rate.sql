-- Bounce rate: sessions of one page view and no track, over all sessions.
SELECT
  count(*) AS sessions,
  count(*) FILTER (WHERE bounce) AS bounces,
  round(100.0 * count(*) FILTER (WHERE bounce) / nullif(count(*), 0), 1) AS bounce_rate_pct
FROM panel_sessions
