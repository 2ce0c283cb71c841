-- Sessions and people per device type (of each session, the sessionizer's rules): the 20 largest.
SELECT device_type, count(*) AS sessions, count(DISTINCT person_id) AS visitors
FROM panel_sessions
GROUP BY device_type
ORDER BY sessions DESC, device_type
LIMIT 20
