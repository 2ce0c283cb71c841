/**
 * Time a fast-check property test with thousands of runs may take. Such a test is pure CPU work
 * that ends on its own (no waits), so its time is only the machine's speed and load: vitest's 5 s
 * default failed one on a loaded 2-core machine (7.9 s). A hang still fails, only later.
 */
export const PROPERTY_TEST_TIMEOUT_MS = 60_000
