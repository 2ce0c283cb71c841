/** The message of an error, or the thrown value itself, as text for a reason or a log line. */
export const errorText = (error: unknown): string => String((error as Error)?.message ?? error)
