export * from './errors.js'
export * from './wait-for.js'
