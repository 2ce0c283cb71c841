import { installSegment } from './segment-install.js'

// The Segment-compatible script (dist/analytics.min.js), loaded by Segment's stock snippet.
installSegment(window as never, document.currentScript as HTMLScriptElement | null)
