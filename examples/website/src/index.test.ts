import { describe, expect, it } from 'vitest'
import { readSiteFile } from './index.js'

describe('demo site files', () => {
  it('puts the snippet into pages', async () => {
    const page = await readSiteFile('/product.html', '<script>SNIPPET</script>')
    expect(page?.contentType).toMatch(/^text\/html/)
    expect(page?.body).toContain('<script>SNIPPET</script>')
    expect(page?.body).not.toContain('clickstream:snippet')
  })

  it('serves / as the home page and assets as they are', async () => {
    expect((await readSiteFile('/', 'S'))?.body).toContain('data-page="index"')
    expect((await readSiteFile('/shop.js', 'S'))?.contentType).toMatch(/javascript/)
  })

  it.each(['/../package.json', '/../../README.md', '/nope.html', '/shop.exe'])(
    'refuses %s',
    async (path) => {
      expect(await readSiteFile(path, 'S')).toBeUndefined()
    },
  )

  it('every page has the snippet marker and a shop.js handler that calls page()', async () => {
    const shop = (await readSiteFile('/shop.js', ''))?.body ?? ''
    for (const name of ['index', 'category', 'product', 'cart', 'checkout', 'signin']) {
      const page = await readSiteFile(`/${name}.html`, 'SNIPPET')
      expect(page?.body).toContain('SNIPPET')
      expect(page?.body).toContain(`data-page="${name}"`)
      const handler = shop.slice(shop.indexOf(`    ${name}() {`))
      expect(handler.length, `shop.js has no ${name}() handler`).toBeLessThan(shop.length)
      expect(handler.slice(0, handler.indexOf('\n    },'))).toContain('analytics.page(')
    }
  })
})
