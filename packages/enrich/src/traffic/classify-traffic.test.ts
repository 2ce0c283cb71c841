import { enrichmentSchema } from '@clickstream/schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLICK_IDS, MEDIUMS, SEARCH_ENGINES, SOCIAL_NETWORKS, WEBMAIL } from './channel-rules.js'
import { classifyTraffic, type TrafficInput } from './classify-traffic.js'

const PAGE = 'https://shop.example.com/products/shoes'

/** channel / source / medium, in one string for readable tables. */
const triple = (input: TrafficInput): string => {
  const t = classifyTraffic(input)
  return `${t.channel} ${t.trafficSource} ${t.trafficMedium}`
}

describe('referrers (real URLs), on a page without campaign or click id', () => {
  it.each([
    // search engines
    ['https://www.google.com/', 'organic_search google organic'],
    [
      'https://www.google.com/search?q=running+shoes&oq=running&sourceid=chrome&ie=UTF-8',
      'organic_search google organic',
    ],
    [
      'https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=1&url=https%3A%2F%2Fshop.example.com%2F',
      'organic_search google organic',
    ],
    ['https://www.google.co.uk/', 'organic_search google organic'],
    ['https://www.google.de/', 'organic_search google organic'],
    ['https://www.google.com.br/', 'organic_search google organic'],
    ['https://news.google.com/articles/CBMiK2h0dHBz', 'organic_search google organic'],
    [
      'android-app://com.google.android.googlequicksearchbox/https/www.google.com',
      'organic_search google organic',
    ],
    ['android-app://com.google.android.googlequicksearchbox', 'organic_search google organic'],
    ['https://www.bing.com/search?q=clickstream&form=QBLH&sp=-1', 'organic_search bing organic'],
    ['https://cn.bing.com/', 'organic_search bing organic'],
    ['https://duckduckgo.com/', 'organic_search duckduckgo organic'],
    ['https://html.duckduckgo.com/html/?q=shoes', 'organic_search duckduckgo organic'],
    [
      'https://www.baidu.com/link?url=a8QxH0s1nZ&wd=&eqid=9f1a2b3c0001',
      'organic_search baidu organic',
    ],
    ['https://m.baidu.com/from=844b/s?word=%E9%9E%8B', 'organic_search baidu organic'],
    [
      'https://yandex.ru/search/?text=%D0%BE%D0%B1%D1%83%D0%B2%D1%8C&lr=213',
      'organic_search yandex organic',
    ],
    ['https://yandex.com.tr/', 'organic_search yandex organic'],
    ['https://search.yahoo.com/search?p=running+shoes&fr=yfp-t', 'organic_search yahoo organic'],
    [
      'https://r.search.yahoo.com/_ylt=AwrFYM/RV=2/RE=1718000000/RO=10/RU=https%3a%2f%2fshop.example.com%2f/RK=2/RS=abc-',
      'organic_search yahoo organic',
    ],
    ['https://search.yahoo.co.jp/search?p=shoes', 'organic_search yahoo organic'],
    ['https://www.ecosia.org/search?method=index&q=shoes', 'organic_search ecosia organic'],
    ['https://m.search.naver.com/search.naver?query=shoes', 'organic_search naver organic'],
    ['https://search.seznam.cz/?q=boty', 'organic_search seznam organic'],
    ['https://www.qwant.com/?q=chaussures&t=web', 'organic_search qwant organic'],
    ['https://www.startpage.com/', 'organic_search startpage organic'],
    ['https://search.brave.com/search?q=shoes&source=web', 'organic_search brave organic'],
    ['https://www.ask.com/web?q=shoes', 'organic_search ask organic'],
    ['https://search.aol.com/aol/search?q=shoes', 'organic_search aol organic'],
    // social networks
    ['https://www.facebook.com/', 'social facebook social'],
    [
      'https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example.com%2F&h=AT0xYzAbCd',
      'social facebook social',
    ],
    ['https://lm.facebook.com/', 'social facebook social'],
    ['https://m.facebook.com/', 'social facebook social'],
    ['https://l.instagram.com/?u=https%3A%2F%2Fshop.example.com&e=ATM', 'social instagram social'],
    ['https://t.co/abc123XyZ', 'social twitter social'],
    ['https://x.com/', 'social twitter social'],
    ['https://www.linkedin.com/', 'social linkedin social'],
    ['https://lnkd.in/dXyZ12', 'social linkedin social'],
    [
      'https://out.reddit.com/t3_1abcde?url=https%3A%2F%2Fshop.example.com&token=AQAA&app_name=web2x',
      'social reddit social',
    ],
    ['https://www.reddit.com/r/typescript/comments/abc/title/', 'social reddit social'],
    ['https://www.pinterest.co.uk/', 'social pinterest social'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', 'social youtube social'],
    ['https://www.tiktok.com/', 'social tiktok social'],
    ['https://web.whatsapp.com/', 'social whatsapp social'],
    ['https://t.me/some_channel/42', 'social telegram social'],
    ['https://discord.com/channels/123/456', 'social discord social'],
    ['https://www.threads.net/@someone', 'social threads social'],
    ['https://mastodon.social/@someone/112233', 'social mastodon social'],
    ['https://news.ycombinator.com/item?id=40000000', 'social hackernews social'],
    ['android-app://com.linkedin.android', 'social linkedin social'],
    // webmail
    ['https://mail.google.com/mail/u/0/', 'email gmail email'],
    ['android-app://com.google.android.gm', 'email gmail email'],
    ['https://outlook.live.com/mail/0/inbox', 'email outlook email'],
    ['https://outlook.office.com/mail/', 'email outlook email'],
    ['https://mail.yahoo.com/d/folders/1/messages/123', 'email yahoo mail email'],
    ['https://mail.yahoo.co.jp/', 'email yahoo mail email'],
    // other sites
    ['https://www.nytimes.com/2024/01/01/technology/article.html', 'referral nytimes.com referral'],
    ['https://www.bbc.co.uk/news/technology-68000000', 'referral bbc.co.uk referral'],
    ['https://github.com/someone/repo', 'referral github.com referral'],
    ['https://chatgpt.com/', 'referral chatgpt.com referral'],
    ['https://some-instance.example/@someone', 'referral some-instance.example referral'],
    ['https://www.notgoogle.com/', 'referral notgoogle.com referral'],
    ['https://google.example.com/', 'referral google.example.com referral'],
    ['https://m.example.org/', 'referral m.example.org referral'],
    ['http://localhost:3000/', 'referral localhost referral'],
    ['http://192.168.1.10:8080/', 'referral 192.168.1.10 referral'],
    ['https://[2001:db8::1]:8443/x', 'referral 2001:db8::1 referral'],
    ['android-app://com.slack', 'referral com.slack referral'],
    // tolerance: case, trailing dots, ports, user info
    ['HTTPS://WWW.GOOGLE.COM/', 'organic_search google organic'],
    ['https://www.google.com./', 'organic_search google organic'],
    ['https://www.bing.com:443/search?q=x', 'organic_search bing organic'],
    ['https://user:secret@www.google.com/', 'organic_search google organic'],
    ['https://www.google.com@evil.example/', 'referral evil.example referral'],
    ['  https://t.co/x', 'social twitter social'],
    ['//www.facebook.com/', 'social facebook social'],
  ])('%s → %s', (referrer, expected) => {
    expect(triple({ pageUrl: PAGE, referrer })).toBe(expected)
  })
})

describe('internal navigation and no referrer are direct', () => {
  it.each([
    ['https://shop.example.com/cart', 'https://shop.example.com/'],
    ['https://example.com/', 'https://www.example.com/blog'],
    ['https://www.example.com/', 'https://example.com/'],
    ['https://shop.example.com/', 'https://example.com/'],
    ['https://example.com/', 'https://shop.example.com:8443/'],
    ['https://SHOP.example.com./a', 'https://shop.EXAMPLE.com/b'],
  ])('page %s, referrer %s', (pageUrl, referrer) => {
    expect(triple({ pageUrl, referrer })).toBe('direct (direct) (none)')
  })

  it('with no referrer at all', () => {
    expect(classifyTraffic({ pageUrl: PAGE })).toEqual({
      channel: 'direct',
      trafficSource: '(direct)',
      trafficMedium: '(none)',
    })
  })

  it('a sibling subdomain is another site (GA4 too, unless excluded)', () => {
    expect(
      triple({ pageUrl: 'https://shop.example.com/', referrer: 'https://blog.example.com/' }),
    ).toBe('referral blog.example.com referral')
  })

  it('without a page URL, a referrer is classified by its host alone', () => {
    expect(triple({ referrer: 'https://shop.example.com/' })).toBe(
      'referral shop.example.com referral',
    )
  })
})

describe('UTM parameters and context.campaign', () => {
  it.each([
    ['?utm_source=google&utm_medium=cpc&utm_campaign=spring', 'paid_search google cpc'],
    ['?utm_source=bing&utm_medium=ppc', 'paid_search bing ppc'],
    ['?utm_source=newsletter&utm_medium=email&utm_campaign=june', 'email newsletter email'],
    ['?utm_source=facebook&utm_medium=paid-social', 'social facebook paid-social'],
    ['?utm_source=facebook&utm_medium=cpc', 'social facebook cpc'],
    ['?utm_source=linkedin&utm_medium=social', 'social linkedin social'],
    ['?utm_source=criteo&utm_medium=display', 'display criteo display'],
    ['?utm_source=dv360&utm_medium=cpm', 'display dv360 cpm'],
    ['?utm_source=partnerco&utm_medium=affiliate', 'other partnerco affiliate'],
    ['?utm_source=google&utm_medium=organic', 'organic_search google organic'],
    ['?utm_source=blog&utm_medium=referral', 'referral blog referral'],
    ['?utm_source=google', 'organic_search google (not set)'],
    ['?utm_source=www.google.co.uk', 'organic_search www.google.co.uk (not set)'],
    ['?utm_source=l.facebook.com', 'social l.facebook.com (not set)'],
    ['?utm_source=fb&utm_medium=story', 'social fb story'],
    ['?utm_source=gmail', 'email gmail (not set)'],
    ['?utm_source=newsletter_june', 'other newsletter_june (not set)'],
    ['?utm_source=acme&utm_medium=weird', 'other acme weird'],
    ['?utm_source=email', 'email email (not set)'],
    ['?utm_medium=email', 'email (not set) email'],
    ['?UTM_SOURCE=Google&UTM_MEDIUM=CPC', 'paid_search google cpc'],
    ['?utm_source=%20Google%20&utm_medium=%20CPC', 'paid_search google cpc'],
    ['?utm_source=my%20newsletter&utm_medium=e-mail', 'email my newsletter e-mail'],
    ['?utm_source=a+b&utm_medium=email', 'email a b email'],
    ['?utm_source=%E0%A4%A&utm_medium=email', 'email %e0%a4%a email'],
    ['?utm_source=&utm_medium=&gclid=x', 'paid_search google cpc'],
    ['?utm_source=google&utm_source=bing&utm_medium=cpc', 'paid_search google cpc'],
    ['?utm_source=google&utm_medium=cpc&gclid=EAIaIQobChMI', 'paid_search google cpc'],
    ['?utm_source=acme&utm_medium=weird&gclid=x', 'other acme weird'],
    ['?utm_source=(direct)&utm_medium=(none)', 'direct (direct) (none)'],
    ['?utm_source=constructor&utm_medium=__proto__', 'other constructor __proto__'],
    ['#utm_source=google&utm_medium=cpc', 'referral news.example.net referral'],
  ])('page %s → %s', (query, expected) => {
    expect(triple({ pageUrl: `${PAGE}${query}`, referrer: 'https://news.example.net/' })).toBe(
      expected,
    )
  })

  it('context.campaign wins over the URL, and is read the same way', () => {
    expect(
      triple({
        pageUrl: `${PAGE}?utm_source=facebook&utm_medium=social`,
        campaign: { source: 'Bing', medium: 'CPC' },
      }),
    ).toBe('paid_search bing cpc')
    expect(triple({ campaign: { source: 'newsletter', medium: 'email' } })).toBe(
      'email newsletter email',
    )
  })

  it('a campaign with only a name falls back to the URL', () => {
    expect(
      triple({ pageUrl: `${PAGE}?utm_source=google&utm_medium=cpc`, campaign: { name: 'spring' } }),
    ).toBe('paid_search google cpc')
    expect(triple({ pageUrl: PAGE, campaign: { name: 'spring' } })).toBe('direct (direct) (none)')
  })

  it('a 10 KB source is cut to the schema’s 200 characters', () => {
    const t = classifyTraffic({
      pageUrl: `${PAGE}?utm_medium=email&utm_source=${'n'.repeat(10_000)}`,
    })
    expect(t).toEqual({ channel: 'email', trafficSource: 'n'.repeat(200), trafficMedium: 'email' })
  })
})

describe('click ids in the page URL', () => {
  it.each([
    ['?gclid=EAIaIQobChMIabc', 'paid_search google cpc'],
    ['?gbraid=0AAAAADdd', 'paid_search google cpc'],
    ['?wbraid=ClkKCQjw', 'paid_search google cpc'],
    ['?msclkid=2d6b3a1e9c0f1', 'paid_search bing cpc'],
    ['?yclid=123456789', 'paid_search yandex cpc'],
    ['?dclid=CJnM', 'display google cpm'],
    ['?fbclid=IwAR2xYz', 'social facebook social'],
    ['?ttclid=E.C.P.abc', 'social tiktok cpc'],
    ['?twclid=2-abc', 'social twitter cpc'],
    ['?li_fat_id=1a2b3c', 'social linkedin cpc'],
    ['?ScCid=abc', 'social snapchat cpc'],
    ['?mc_cid=abc&mc_eid=def', 'email mailchimp email'],
    ['?fbclid=x&gclid=y', 'paid_search google cpc'],
    ['?GCLID=abc', 'paid_search google cpc'],
    ['?size=42&color=red&gclid=abc#reviews', 'paid_search google cpc'],
  ])('page %s → %s (whatever the referrer)', (query, expected) => {
    expect(triple({ pageUrl: `${PAGE}${query}`, referrer: 'https://www.google.com/' })).toBe(
      expected,
    )
    expect(triple({ pageUrl: `${PAGE}${query}` })).toBe(expected)
  })

  it('an empty click id counts for nothing', () => {
    expect(triple({ pageUrl: `${PAGE}?gclid=`, referrer: 'https://www.google.com/' })).toBe(
      'organic_search google organic',
    )
  })

  it('a relative page URL’s query is still read', () => {
    expect(triple({ pageUrl: '/landing?gclid=abc' })).toBe('paid_search google cpc')
    expect(triple({ pageUrl: 'landing?utm_source=x&utm_medium=email' })).toBe('email x email')
  })
})

describe('bad input never throws: the best answer from what is usable', () => {
  const long = 'a'.repeat(10_000)
  it.each<[string, unknown, string]>([
    ['empty', '', 'direct (direct) (none)'],
    ['not a URL', 'not a url', 'direct (direct) (none)'],
    ['relative', '/relative/path?q=1', 'direct (direct) (none)'],
    ['javascript:', 'javascript:alert(document.cookie)', 'direct (direct) (none)'],
    ['about:blank', 'about:blank', 'direct (direct) (none)'],
    ['file:', 'file:///C:/Users/me/page.html', 'direct (direct) (none)'],
    ['an extension', 'chrome-extension://abcdefghijklmnop/popup.html', 'direct (direct) (none)'],
    ['no host', 'https://', 'direct (direct) (none)'],
    ['empty host', 'https:///path', 'direct (direct) (none)'],
    ['a space in the host', 'https://exa mple.com/', 'direct (direct) (none)'],
    ['an escape in the host', 'https://www.google.com%00.evil.example/', 'direct (direct) (none)'],
    ['an empty label', 'https://www..google.com/', 'direct (direct) (none)'],
    ['an unclosed IPv6', 'https://[2001:db8::1/', 'direct (direct) (none)'],
    ['binary', '\u0000\u0001\uFFFD\uD800garbage\u0007', 'direct (direct) (none)'],
    ['binary host', 'https://\u0000\uFFFD.com/', 'direct (direct) (none)'],
    ['a 10 KB host', `https://${long}.com/`, 'direct (direct) (none)'],
    [
      'a 10 KB search URL',
      `https://www.google.com/search?q=${long}`,
      'organic_search google organic',
    ],
    ['a 10 KB path', `https://t.co/${long}`, 'social twitter social'],
    ['a backslash', 'https://evil.example\\@www.google.com/', 'referral evil.example referral'],
    ['a number', 42, 'direct (direct) (none)'],
    ['an object', { href: 'https://www.google.com/' }, 'direct (direct) (none)'],
    ['null', null, 'direct (direct) (none)'],
  ])('referrer: %s', (_, referrer, expected) => {
    expect(triple({ pageUrl: PAGE, referrer: referrer as string })).toBe(expected)
  })

  it.each<[string, unknown, string]>([
    [
      'a 10 KB page URL with UTM at its end',
      `${PAGE}?q=${long}&utm_source=x&utm_medium=cpc`,
      'paid_search x cpc',
    ],
    ['javascript:', 'javascript:void(0)?gclid=1', 'paid_search google cpc'],
    ['binary', '\u0000\uFFFD?\u0000=\u0001&&&==&', 'referral news.example.net referral'],
    ['only separators', '?&&&===&', 'referral news.example.net referral'],
    ['a number', 7, 'referral news.example.net referral'],
  ])('page URL: %s', (_, pageUrl, expected) => {
    expect(triple({ pageUrl: pageUrl as string, referrer: 'https://news.example.net/' })).toBe(
      expected,
    )
  })

  it('junk campaigns and inputs', () => {
    const junk = [null, undefined, 'google', 5, [], { source: 5, medium: {} }, { source: '  ' }]
    for (const campaign of junk) {
      expect(triple({ campaign: campaign as never, referrer: 'https://t.co/x' })).toBe(
        'social twitter social',
      )
    }
    expect(triple(null as never)).toBe('direct (direct) (none)')
    expect(triple(undefined as never)).toBe('direct (direct) (none)')
  })

  it('any strings give a channel, source and medium the schema accepts', () => {
    const schema = enrichmentSchema.pick({
      channel: true,
      trafficSource: true,
      trafficMedium: true,
    })
    const url = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .tuple(fc.constantFrom('utm_source', 'utm_medium', 'gclid', 'fbclid'), fc.string())
        .map(([k, v]) => `https://x.example/?${k}=${v}`),
    )
    fc.assert(
      fc.property(
        fc.record(
          {
            pageUrl: url,
            referrer: url,
            campaign: fc.record({ source: fc.string(), medium: fc.string() }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          expect(schema.safeParse(classifyTraffic(input)).success).toBe(true)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('the rules tables', () => {
  const sites = [
    ...SEARCH_ENGINES.map((rule) => ({ rule, channel: 'organic_search', medium: 'organic' })),
    ...SOCIAL_NETWORKS.map((rule) => ({ rule, channel: 'social', medium: 'social' })),
    ...WEBMAIL.map((rule) => ({ rule, channel: 'email', medium: 'email' })),
  ]

  it('every host pattern and app is reachable: no row hides another', () => {
    const wrong: string[] = []
    for (const { rule, channel, medium } of sites) {
      const expected = `${channel} ${rule.source} ${medium}`
      const referrers = [
        ...rule.hosts.flatMap((h) =>
          h.endsWith('.*')
            ? [`https://${h.slice(0, -2)}.com/`, `https://www.${h.slice(0, -2)}.co.uk/`]
            : [`https://${h}/`, `https://www.${h}/`],
        ),
        ...(rule.apps ?? []).map((app) => `android-app://${app}/`),
      ]
      for (const referrer of referrers) {
        const got = triple({ pageUrl: PAGE, referrer })
        if (got !== expected) wrong.push(`${referrer}: ${got}, not ${expected}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('no host pattern is in two rows', () => {
    const hosts = sites.flatMap(({ rule }) => rule.hosts)
    expect(hosts.filter((h, i) => hosts.indexOf(h) !== i)).toEqual([])
  })

  it('every click id and medium is lower case, so that matching is case-insensitive', () => {
    const keys = [...CLICK_IDS.map(([param]) => param), ...Object.keys(MEDIUMS)]
    expect(keys.filter((k) => k !== k.toLowerCase() || k !== k.trim())).toEqual([])
  })

  it('every medium gives its channel', () => {
    for (const [medium, channel] of Object.entries(MEDIUMS)) {
      expect(classifyTraffic({ campaign: { source: 'acme', medium } }).channel).toBe(channel)
    }
  })
})
