declare module 'autocannon' {
  interface Histogram {
    p50: number
    p99: number
    average: number
  }
  interface Result {
    latency: Histogram
    requests: Histogram & { total: number }
    non2xx: number
    errors: number
    timeouts: number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    method?: string
    headers?: Record<string, string>
    requests?: { method?: string; path?: string; body?: string; headers?: Record<string, string> }[]
  }
  export default function autocannon(options: Options): Promise<Result>
}
