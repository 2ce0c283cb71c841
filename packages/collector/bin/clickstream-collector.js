#!/usr/bin/env node
import { main } from '../dist/entrypoints/node.js'

main().catch((error) => {
  console.error(
    JSON.stringify({ level: 'error', msg: 'collector failed to start', error: String(error) }),
  )
  process.exit(1)
})
