-- Persons: the 100 people with the most events, each across their devices (anonymous ids), sources
-- and back-end events (identity stitching: person_events); alias merges refused are in identity_conflicts.
SELECT person_id, user_id, anonymous_ids, sources, event_count, first_seen, last_seen
FROM persons
ORDER BY event_count DESC, person_id
LIMIT 100
