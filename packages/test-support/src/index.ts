export * from './batch-body.js'
export * from './chromium.js'
export * from './loopback.js'
export * from './wait-for.js'
