/** The part of a logger the handler uses (Powertools' `Logger` fits). */
export interface LoggerLike {
  info(message: string, extra?: Record<string, unknown>): void
  warn(message: string, extra?: Record<string, unknown>): void
  error(message: string, extra?: Record<string, unknown>): void
}

/** The part of a metrics client the handler uses (Powertools' `Metrics`, EMF, fits). */
export interface MetricsLike {
  addMetric(name: string, unit: 'Count', value: number): unknown
  publishStoredMetrics(): unknown
}

export const silentLogger: LoggerLike = { info() {}, warn() {}, error() {} }

export const noMetrics: MetricsLike = {
  addMetric() {},
  publishStoredMetrics() {},
}
