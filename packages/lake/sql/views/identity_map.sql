-- identity_map: each anonymous id with the user it was first linked to and how many users it was
-- linked to (more than one: a shared device; identity_segments says who when).
SELECT
  anonymous_id,
  min_by(user_id, valid_from) AS user_id,
  min(valid_from) AS linked_at,
  count(DISTINCT user_id) AS users
FROM identity_segments
GROUP BY anonymous_id
