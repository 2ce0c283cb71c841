-- identity_conflicts: alias calls that would merge two identified users (its previous id is a
-- user id seen on events): recorded here, not applied; both stay persons of their own.
SELECT message_id, previous_id, user_id, "timestamp", source_id
FROM events
WHERE type = 'alias' AND previous_id <> '' AND user_id <> '' AND previous_id <> user_id
  AND previous_id IN (SELECT DISTINCT user_id FROM events WHERE user_id <> '')
