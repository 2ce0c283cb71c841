-- sessions: one row per session of session_events, summarized as the sessionizer's session record;
-- its enrichment by the sessionizer's rules: device, browser and OS of the session's first event
-- with a user agent, country, region and city of its first event with an IP, channel, source and
-- medium of its first event, is_bot when any of its events is a bot's (device_type is then 'bot').
-- Null on rows written without enrichment.
WITH
marked AS (
  SELECT
    *,
    min(seq) OVER (PARTITION BY session_id) AS first_seq,
    min(CASE WHEN user_agent <> '' THEN seq END) OVER (PARTITION BY session_id) AS ua_seq,
    min(CASE WHEN ip <> '' THEN seq END) OVER (PARTITION BY session_id) AS ip_seq
  FROM session_events
)
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
  CASE
    WHEN bool_or(is_bot) THEN 'bot'
    WHEN max(CASE WHEN seq = first_seq THEN device_type END) IS NULL THEN NULL
    ELSE coalesce(max(CASE WHEN seq = ua_seq THEN device_type END), 'other')
  END AS device_type,
  max(CASE WHEN seq = ua_seq THEN browser_name END) AS browser_name,
  max(CASE WHEN seq = ua_seq THEN browser_version END) AS browser_version,
  max(CASE WHEN seq = ua_seq THEN os_name END) AS os_name,
  max(CASE WHEN seq = ua_seq THEN os_version END) AS os_version,
  bool_or(is_bot) AS is_bot,
  max(CASE WHEN seq = ip_seq THEN country END) AS country,
  max(CASE WHEN seq = ip_seq THEN region END) AS region,
  max(CASE WHEN seq = ip_seq THEN city END) AS city,
  max(CASE WHEN seq = first_seq THEN channel END) AS channel,
  max(CASE WHEN seq = first_seq THEN traffic_source END) AS traffic_source,
  max(CASE WHEN seq = first_seq THEN traffic_medium END) AS traffic_medium,
  min(event_date) AS event_date
FROM marked
GROUP BY session_id, session_key
