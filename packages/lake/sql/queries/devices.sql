-- Sessions and users per device type, browser, OS and country: the 100 largest groups.
SELECT
  device_type,
  browser_name,
  os_name,
  country,
  count(*) AS sessions,
  count(DISTINCT coalesce(user_id, anonymous_id)) AS users
FROM counted_sessions
GROUP BY device_type, browser_name, os_name, country
ORDER BY sessions DESC, device_type, browser_name, os_name, country
LIMIT 100
