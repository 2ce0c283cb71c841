// kinesalite and dynalite ship no types: both export a factory of a node:http server.
declare module 'kinesalite' {
  import type { Server } from 'node:http'

  function kinesalite(options?: {
    path?: string
    createStreamMs?: number
    deleteStreamMs?: number
    updateStreamMs?: number
    shardLimit?: number
  }): Server
  export default kinesalite
}

declare module 'dynalite' {
  import type { Server } from 'node:http'

  function dynalite(options?: {
    path?: string
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
  }): Server
  export default dynalite
}
