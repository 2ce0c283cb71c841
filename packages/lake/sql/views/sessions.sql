-- sessions: one row per session of session_events, summarized as the sessionizer's session record.
SELECT
  session_id,
  session_key AS "key",
  min_by(anonymous_id, seq) FILTER (WHERE anonymous_id <> '') AS anonymous_id,
  max(session_user_id) AS user_id,
  min("timestamp") AS started_at,
  max("timestamp") AS ended_at,
  max(t) - min(t) AS duration_ms,
  count(*) AS event_count,
  count(*) FILTER (WHERE type IN ('page', 'screen')) AS page_view_count,
  count(*) FILTER (WHERE type = 'track') AS track_count,
  (
    count(*) FILTER (WHERE type IN ('page', 'screen')) = 1
    AND count(*) FILTER (WHERE type = 'track') = 0
  ) AS bounce,
  min_by(page_url, seq) FILTER (WHERE type IN ('page', 'screen')) AS landing_page_url,
  min_by(page_path, seq) FILTER (WHERE type IN ('page', 'screen')) AS landing_page_path,
  max_by(page_path, seq) FILTER (WHERE type IN ('page', 'screen')) AS exit_page_path,
  min_by(page_referrer, seq) FILTER (WHERE page_referrer <> '') AS referrer,
  min_by(campaign_name, seq) FILTER (WHERE campaign_name <> '') AS campaign_name,
  min_by(campaign_source, seq) FILTER (WHERE campaign_source <> '') AS campaign_source,
  min(event_date) AS event_date
FROM session_events
GROUP BY session_id, session_key
