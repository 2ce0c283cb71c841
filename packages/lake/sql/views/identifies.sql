-- identifies: identify calls, with their traits.
SELECT * FROM events WHERE type = 'identify'
