-- counted_events: the events the named queries count: `events` without bots' events (is_bot),
-- unless the queries are asked to include bots (`pnpm sql --include-bots`, `includeBots`).
SELECT * FROM events WHERE {{bot_condition}}
