-- The 20 most frequent track events, with the people who sent them.
SELECT event, count(*) AS events, count(DISTINCT person_id) AS visitors
FROM panel_events
WHERE type = 'track'
GROUP BY event
ORDER BY events DESC, event
LIMIT 20
