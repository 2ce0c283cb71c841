-- persons: one row per person of person_events: the user id (none for an anonymous visitor), how
-- many anonymous ids (devices, browsers) and sources they came through, first and last seen.
SELECT
  person_id,
  max(CASE WHEN person_id LIKE 'user:%' THEN substr(person_id, 6) END) AS user_id,
  count(DISTINCT anonymous_id) AS anonymous_ids,
  count(DISTINCT source_id) AS sources,
  count(*) AS event_count,
  min("timestamp") AS first_seen,
  max("timestamp") AS last_seen
FROM person_events
GROUP BY person_id
