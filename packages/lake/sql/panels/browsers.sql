-- Sessions and people per browser (of each session, the sessionizer's rules): the 20 largest.
SELECT browser_name, count(*) AS sessions, count(DISTINCT person_id) AS visitors
FROM panel_sessions
GROUP BY browser_name
ORDER BY sessions DESC, browser_name
LIMIT 20
