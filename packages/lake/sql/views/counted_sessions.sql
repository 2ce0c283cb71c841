-- counted_sessions: the sessions the named queries count: `sessions` without bots' sessions
-- (is_bot), unless the queries are asked to include bots (`pnpm sql --include-bots`, `includeBots`).
SELECT * FROM sessions WHERE {{bot_condition}}
