import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

/** Directory of the demo shop's static files. */
export const siteRoot = join(import.meta.dirname, '../public')

/** Marker in every page's `<head>` where the script-tag snippet goes. */
export const SNIPPET_MARKER = '<!-- clickstream:snippet -->'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/**
 * A file of the site, with the snippet placed into HTML pages; `undefined` when there is no such
 * file (or the path tries to leave the site's directory).
 */
export async function readSiteFile(
  path: string,
  snippet: string,
): Promise<{ body: string; contentType: string } | undefined> {
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '')
  const file = join(siteRoot, relative)
  if (!file.startsWith(siteRoot)) return undefined
  const contentType = types[extname(file)]
  if (!contentType) return undefined
  try {
    const body = await readFile(file, 'utf8')
    return {
      body: contentType.startsWith('text/html') ? body.replace(SNIPPET_MARKER, snippet) : body,
      contentType,
    }
  } catch {
    return undefined
  }
}
