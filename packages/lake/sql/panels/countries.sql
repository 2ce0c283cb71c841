-- Sessions and people per country (of each session, the sessionizer's rules): the 20 largest.
SELECT country, count(*) AS sessions, count(DISTINCT person_id) AS visitors
FROM panel_sessions
GROUP BY country
ORDER BY sessions DESC, country
LIMIT 20
