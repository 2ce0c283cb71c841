import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AssetHashType, DockerImage } from 'aws-cdk-lib'
import { Code } from 'aws-cdk-lib/aws-lambda'
import { type BuildOptions, buildSync } from 'esbuild'

export interface BundleOptions {
  /** esbuild target. @default 'node20' */
  target?: string
  /** Files copied into the asset beside the bundle: path in the asset → local path. @default none */
  files?: Readonly<Record<string, string>>
}

/**
 * esbuild's options for a Lambda bundle (ESM, minified, AWS SDK included so the deployed version
 * is the tested one): what `bundleEntry` builds, and what the cold-start benchmark builds.
 */
export function lambdaBuildOptions(entry: string, outfile: string, target = 'node20') {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target,
    conditions: ['@clickstream/source', 'node'],
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Some CommonJS dependencies call require() on Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  } satisfies BuildOptions
}

/** Handler name of a bundle made by `bundleEntry`. */
export const BUNDLE_HANDLER = 'index.handler'

/**
 * Lambda code from a TypeScript entry, bundled in-process with esbuild's API
 * (`lambdaBuildOptions`), with `files` copied beside it. `NodejsFunction`'s own bundler
 * shells out to `pnpm exec esbuild`, which needs a pnpm on PATH; this needs nothing but the
 * workspace's esbuild and never falls back to Docker.
 */
export function bundleEntry(entry: string, options: BundleOptions = {}): Code {
  const target = options.target ?? 'node20'
  const files = options.files ?? {}
  return Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('local-bundling-only'),
      // CDK caches staged assets by source folder and bundling options (functions do not count):
      // naming the entry and target here keeps two entries of one folder apart.
      environment: {
        CLICKSTREAM_ENTRY: entry,
        CLICKSTREAM_TARGET: target,
        ...(Object.keys(files).length > 0 ? { CLICKSTREAM_FILES: JSON.stringify(files) } : {}),
      },
      local: {
        tryBundle(outputDir) {
          buildSync(lambdaBuildOptions(entry, `${outputDir}/index.mjs`, target))
          for (const [to, from] of Object.entries(files)) {
            mkdirSync(dirname(join(outputDir, to)), { recursive: true })
            copyFileSync(from, join(outputDir, to))
          }
          return true
        },
      },
    },
  })
}
