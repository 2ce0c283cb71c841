export * from './report.js'
export * from './run.js'
export * from './support/part.js'
export * from './support/stats.js'
