-- The 20 most viewed pages (by path), with their distinct visitors.
SELECT
  page_path,
  count(*) AS views,
  count(DISTINCT coalesce(anonymous_id, user_id)) AS visitors
FROM counted_events
WHERE type = 'page'
GROUP BY page_path
ORDER BY views DESC, page_path
LIMIT 20
