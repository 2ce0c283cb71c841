-- Paths: the pages viewed next after {{page_text}} within a session (page views in order; "(exit)" when the session ended there).
WITH
ordered AS (
  SELECT
    session_id,
    page_path,
    lead(page_path) OVER (PARTITION BY session_id ORDER BY seq) AS next_page
  FROM panel_events
  WHERE type IN ('page', 'screen')
)
SELECT
  coalesce(next_page, '(exit)') AS next_page,
  count(*) AS views,
  count(DISTINCT session_id) AS sessions,
  round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM ordered
WHERE page_path = {{page}}
GROUP BY coalesce(next_page, '(exit)')
ORDER BY views DESC, next_page
LIMIT 20
