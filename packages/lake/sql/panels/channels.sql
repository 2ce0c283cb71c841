-- Sessions and people per traffic channel, source and medium (of each session's first event: utm, else referrer): the 20 largest.
SELECT channel, traffic_source, traffic_medium, count(*) AS sessions, count(DISTINCT person_id) AS visitors
FROM panel_sessions
GROUP BY channel, traffic_source, traffic_medium
ORDER BY sessions DESC, channel, traffic_source, traffic_medium
LIMIT 20
