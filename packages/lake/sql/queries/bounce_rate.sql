-- Bounce rate per day: sessions of one page view and no track, over all sessions started that day.
SELECT
  event_date,
  count(*) AS sessions,
  sum(CASE WHEN bounce THEN 1 ELSE 0 END) AS bounces,
  round(100.0 * sum(CASE WHEN bounce THEN 1 ELSE 0 END) / count(*), 1) AS bounce_rate_pct
FROM counted_sessions
GROUP BY event_date
ORDER BY event_date
