// The collector's edge entry, as a Cloudflare module worker. Configuration comes from bindings:
// `[vars]` in wrangler.toml, and secrets (`SOURCES`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`).
// The script Segment's snippet loads is embedded by the build (src/build.ts), precompressed.

import { segmentScript } from 'clickstream:segment-script'
import { createEdgeWorker } from '@clickstream/collector/edge'

export default createEdgeWorker({ segmentScript })
