// The collector's edge entry, as a Cloudflare module worker. Configuration comes from bindings:
// `[vars]` in wrangler.toml, and secrets (`SOURCES`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`).
export { default } from '@clickstream/collector/edge'
