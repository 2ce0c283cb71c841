import { readFileSync } from 'node:fs'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

const { version, dependencies } = JSON.parse(readFileSync('./package.json', 'utf8'))

/** Replaces `__VERSION__` with the package version (after TypeScript). */
const defineVersion = {
  name: 'define-version',
  transform: (code) =>
    code.includes('__VERSION__') ? code.replaceAll('__VERSION__', JSON.stringify(version)) : null,
}

const INTERNAL_PROPERTIES =
  /^(ids|settled|dispatcher|stop|clear|maxEvents|maxBytes|overflow|enqueue|sendUnloading|pending|pause|resume|emit|read|write|erase|update|dbName|ttl|lock|maxRequestBytes|maxRetryAfter|retryLimit|spent|forget|unrefTimers|baseMs|maxMs)$/

/** One minified IIFE with everything (sdk-core, schema/lite, idb-keyval) from an entrypoint. */
const iife = (input, file) => ({
  input,
  plugins: [
    nodeResolve({
      exportConditions: ['@clickstream/source'],
      extensions: ['.ts', '.js'],
      browser: true,
    }),
    typescript({ tsconfig: './tsconfig.iife.json', declaration: false, filterRoot: '..' }),
    defineVersion,
    terser({
      ecma: 2020,
      // Measured one by one on the gzip size: hoisted function declarations and `function`
      // expressions left as they are (no unsafe_arrows) compress better; a third pass is worse.
      compress: { passes: 2, inline: 1, hoist_funs: true },
      // Shortens property names that only the bundle's own objects carry (dispatcher methods
      // and its options the browser never documents, flush waiters, queue bounds and access,
      // persistence, what startDelivery returns, the bounds the dispatcher hands computeBackoff).
      // Never the public API, the options documented for load(),
      // injectable ports (EventStore, Transport) or persisted fields. `builtins` because terser keeps DOM-like names (pause, emit…) by
      // default: the bundle never reads these names from a browser object.
      mangle: { properties: { regex: INTERNAL_PROPERTIES, builtins: true } },
      format: { comments: false },
    }),
  ],
  output: { file, format: 'iife', sourcemap: 'hidden', strict: false },
})

export default [
  // npm: ESM + CJS with declarations; dependencies stay imports.
  {
    input: 'src/index.ts',
    external: (id) =>
      Object.keys(dependencies).some((dep) => id === dep || id.startsWith(`${dep}/`)),
    plugins: [typescript({ tsconfig: './tsconfig.build.json' }), defineVersion],
    output: [
      { file: 'dist/index.js', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true },
    ],
  },
  // Script tag: our snippet's build, and the one Segment's stock snippet loads (analytics.js's path).
  iife('src/entrypoints/iife.ts', 'dist/clickstream.min.js'),
  iife('src/entrypoints/segment.ts', 'dist/analytics.min.js'),
]
