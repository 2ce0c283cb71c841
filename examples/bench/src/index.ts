export { type BenchOptions, parts, runBench } from './run.js'
export type { Goal, Part, PartOptions, PartResult } from './support/part.js'
