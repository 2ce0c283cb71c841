import { defineConfig } from 'tsup'

/**
 * `dist/node.*` and `dist/edge.*` (ESM + CJS + types) with sdk-core and the zod-free schema
 * bundled in from source: the published package has no workspace dependency at run time.
 */
export default defineConfig({
  entry: { node: 'src/entrypoints/node.ts', edge: 'src/entrypoints/edge.ts' },
  format: ['esm', 'cjs'],
  dts: { resolve: [/^@clickstream\//] },
  clean: true,
  noExternal: [/^@clickstream\//],
  external: ['node:zlib'],
  esbuildOptions(options) {
    options.conditions = ['@clickstream/source']
  },
})
