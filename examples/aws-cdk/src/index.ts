export { ClickstreamStack, type ClickstreamStackProps } from './clickstream-stack.js'
export type { ClickstreamConfig } from './config.js'
export { CONTEXT_KEYS, configFromContext } from './context.js'
export { ContextError } from './errors.js'
