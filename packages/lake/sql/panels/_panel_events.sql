-- panel_events: session_events of the sessions panel_sessions keeps, each with its session's person.
SELECT e.*, s.person_id
FROM session_events AS e
JOIN panel_sessions AS s ON s.session_id = e.session_id
