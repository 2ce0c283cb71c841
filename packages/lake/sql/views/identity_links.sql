-- identity_links: every piece of evidence that an anonymous id is a user's: an event carrying both
-- ids (an identify, and every call after it), and alias calls whose previous id is an anonymous id
-- (an alias whose previous id is another identified user's is a merge: identity_conflicts).
SELECT anonymous_id, user_id, "timestamp" AS linked_at, type AS via, message_id
FROM events
WHERE anonymous_id <> '' AND user_id <> '' AND type <> 'alias'
UNION ALL
SELECT previous_id AS anonymous_id, user_id, "timestamp" AS linked_at, type AS via, message_id
FROM events
WHERE type = 'alias' AND previous_id <> '' AND user_id <> '' AND previous_id <> user_id
  AND previous_id NOT IN (SELECT DISTINCT user_id FROM events WHERE user_id <> '')
