import { existsSync, readdirSync } from 'node:fs'
import { defaultClientConditions } from 'vite'
import { defineConfig } from 'vitest/config'

/**
 * Workspace packages export their TypeScript source under the `@clickstream/source` condition,
 * so tests run against source and never need a build first.
 */
const source = '@clickstream/source'

/** Tests that start real services (kinesalite, dynalite, servers) or drive real Chromium. */
const slow = ['**/*.integration.test.ts', '**/*.e2e.test.ts']

/** Per-package unit-test settings; everything not listed runs in node. */
const unitSettings: Record<string, Record<string, unknown>> = {
  'sdk-browser': { environment: 'happy-dom', setupFiles: ['test/setup.ts'] },
}

const roots = ['packages', 'examples'].flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => existsSync(`${dir}/${name}/package.json`))
        .map((name) => ({ name, root: `${dir}/${name}` }))
    : [],
)

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  // Node tests resolve like Node does (no `module` condition: some packages' `module` builds are bundler-only).
  ssr: { resolve: { conditions: [source, 'node', 'development|production'] } },
  test: {
    environment: 'node',
    passWithNoTests: true,
    projects: roots.flatMap(({ name, root }) => [
      {
        extends: true,
        test: {
          name,
          root,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...slow, '**/node_modules/**', '**/dist/**'],
          // A ceiling for hangs, not a speed check: a package's first import (the README API
          // checks load whole packages) takes seconds on a shared, loaded machine.
          testTimeout: 30_000,
          ...unitSettings[name],
        },
      },
      {
        extends: true,
        test: {
          name: `${name}:services`,
          root,
          include: slow.map((glob) => glob.replace('**/', '{src,test}/**/')),
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ]),
  },
})
