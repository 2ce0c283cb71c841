-- tracks: track calls, with their event name in `event`.
SELECT * FROM events WHERE type = 'track'
