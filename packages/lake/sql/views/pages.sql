-- pages: page views (page calls).
SELECT * FROM events WHERE type = 'page'
