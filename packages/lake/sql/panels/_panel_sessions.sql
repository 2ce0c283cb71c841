-- panel_sessions: person_sessions that the dashboard's filters keep (channel, source, device,
-- country of the session, bots), over the panel's event dates.
SELECT * FROM person_sessions WHERE {{panel_filter}}
