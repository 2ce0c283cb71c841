-- Sessions by the pages they viewed, from none (tracks only) to 10 and more.
WITH
bucketed AS (
  SELECT
    CASE
      WHEN page_view_count < 5 THEN page_view_count + 1
      WHEN page_view_count < 10 THEN 6
      ELSE 7
    END AS bucket
  FROM panel_sessions
),
buckets (bucket, pages) AS (
  VALUES
    (1, '0'),
    (2, '1'),
    (3, '2'),
    (4, '3'),
    (5, '4'),
    (6, '5-9'),
    (7, '10 and more')
)
SELECT b.pages, count(s.bucket) AS sessions
FROM buckets AS b
LEFT JOIN bucketed AS s ON s.bucket = b.bucket
GROUP BY b.bucket, b.pages
ORDER BY b.bucket
