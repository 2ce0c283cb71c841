/** Structured JSON logs, one object per line. Never pass write keys or bodies in `fields`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface JsonLoggerOptions {
  /** @default 'info' */
  level?: LogLevel
  /** @default a line to stdout (debug, info) or stderr (warn, error) */
  write?: (line: string, level: Exclude<LogLevel, 'silent'>) => void
  /** @default Date.now */
  now?: () => number
}

export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info']
  const now = options.now ?? Date.now
  const write =
    options.write ??
    ((line, level) => (level === 'warn' || level === 'error' ? console.error : console.log)(line))
  const log =
    (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
      if (RANK[level] < min) return
      write(JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...fields }), level)
    }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** Drops everything: the default of `createApp`. */
export const silentLogger: Logger = createJsonLogger({ level: 'silent' })
