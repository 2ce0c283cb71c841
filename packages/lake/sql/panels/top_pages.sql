-- The 20 most viewed pages (by path), with the people who viewed them.
SELECT page_path, count(*) AS views, count(DISTINCT person_id) AS visitors
FROM panel_events
WHERE type = 'page'
GROUP BY page_path
ORDER BY views DESC, page_path
LIMIT 20
