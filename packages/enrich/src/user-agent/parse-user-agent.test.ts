import { describe, expect, it } from 'vitest'
import { createEnricher } from '../enricher.js'
import { type DeviceInfo, isBotUserAgent, parseUserAgent } from './parse-user-agent.js'

/** Real user agents, as browsers, crawlers and tools send them, and what they are. */
const REAL: [string, string, DeviceInfo][] = [
  [
    'Chrome on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    {
      deviceType: 'desktop',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Windows',
      osVersion: '10',
    },
  ],
  [
    'Firefox on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    {
      deviceType: 'desktop',
      browserName: 'Firefox',
      browserVersion: '125',
      osName: 'Windows',
      osVersion: '10',
    },
  ],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
    {
      deviceType: 'desktop',
      browserName: 'Edge',
      browserVersion: '124',
      osName: 'Windows',
      osVersion: '10',
    },
  ],
  [
    'Internet Explorer 11 on Windows 7',
    'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
    {
      deviceType: 'desktop',
      browserName: 'IE',
      browserVersion: '11',
      osName: 'Windows',
      osVersion: '7',
    },
  ],
  [
    'Firefox on Windows XP (a named version)',
    'Mozilla/5.0 (Windows NT 5.1; rv:52.0) Gecko/20100101 Firefox/52.0',
    {
      deviceType: 'desktop',
      browserName: 'Firefox',
      browserVersion: '52',
      osName: 'Windows',
      osVersion: 'XP',
    },
  ],
  [
    'Chrome on macOS (frozen at 10.15.7 in the user agent)',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    {
      deviceType: 'desktop',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'macOS',
      osVersion: '10.15',
    },
  ],
  [
    'Safari on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    {
      deviceType: 'desktop',
      browserName: 'Safari',
      browserVersion: '17.4',
      osName: 'macOS',
      osVersion: '10.15',
    },
  ],
  [
    'Firefox on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0',
    {
      deviceType: 'desktop',
      browserName: 'Firefox',
      browserVersion: '125',
      osName: 'macOS',
      osVersion: '14.4',
    },
  ],
  [
    'Firefox on Ubuntu',
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    { deviceType: 'desktop', browserName: 'Firefox', browserVersion: '125', osName: 'Ubuntu' },
  ],
  [
    'Chrome on Linux (no OS version: aarch64 is not one)',
    'Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { deviceType: 'desktop', browserName: 'Chrome', browserVersion: '124', osName: 'Linux' },
  ],
  [
    'Chrome on a Chromebook',
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    {
      deviceType: 'desktop',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Chrome OS',
      osVersion: '14541',
    },
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    {
      deviceType: 'mobile',
      browserName: 'Mobile Safari',
      browserVersion: '17.4',
      osName: 'iOS',
      osVersion: '17.4',
    },
  ],
  [
    "Facebook's in-app browser on iPhone",
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1.2;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]',
    { deviceType: 'mobile', browserName: 'Facebook', osName: 'iOS', osVersion: '17.1' },
  ],
  [
    'Chrome on Android (reduced user agent)',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    {
      deviceType: 'mobile',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Android',
      osVersion: '10',
    },
  ],
  [
    'Samsung Internet on a Galaxy S23',
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    {
      deviceType: 'mobile',
      browserName: 'Samsung Internet',
      browserVersion: '24',
      osName: 'Android',
      osVersion: '14',
    },
  ],
  [
    'Chrome on an Android tablet (no "Mobile")',
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    {
      deviceType: 'tablet',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Android',
      osVersion: '13',
    },
  ],
  [
    'Safari on an iPad with iOS 12',
    'Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1',
    {
      deviceType: 'tablet',
      browserName: 'Mobile Safari',
      browserVersion: '12.1',
      osName: 'iOS',
      osVersion: '12.5',
    },
  ],
  [
    'Chrome on an iPad with iPadOS 17, mobile site (says iPad)',
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
    {
      deviceType: 'tablet',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'iOS',
      osVersion: '17.4',
    },
  ],
  [
    // iPadOS 13+ Safari sends the macOS user agent, byte for byte: a server cannot tell (ua-parser-js
    // 1.x tells only in the page, from navigator.maxTouchPoints), and Safari sends no client hints.
    'Safari on an iPad with iPadOS 17: a desktop, as documented',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    {
      deviceType: 'desktop',
      browserName: 'Safari',
      browserVersion: '17.4',
      osName: 'macOS',
      osVersion: '10.15',
    },
  ],
  [
    'a Samsung smart TV (Tizen)',
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
    { deviceType: 'other', browserName: 'Safari', osName: 'Tizen', osVersion: '6' },
  ],
  [
    'an LG smart TV (webOS; ua-parser says version "TV": not a version)',
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
    { deviceType: 'other', browserName: 'Chrome', browserVersion: '79', osName: 'webOS' },
  ],
  [
    'a PlayStation 5',
    'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
    {
      deviceType: 'other',
      browserName: 'Safari',
      browserVersion: '13',
      osName: 'PlayStation',
      osVersion: '5',
    },
  ],
  [
    'a Meta Quest 3 headset',
    'Mozilla/5.0 (X11; Linux x86_64; Quest 3) AppleWebKit/537.36 (KHTML, like Gecko) OculusBrowser/33.0.0.x.x.x Chrome/124.0.6367.118 VR Safari/537.36',
    { deviceType: 'other', browserName: 'Oculus Browser', browserVersion: '33', osName: 'Linux' },
  ],
  [
    'Googlebot',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    { deviceType: 'bot' },
  ],
  [
    'Googlebot smartphone (a bot, whatever phone it claims)',
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    {
      deviceType: 'bot',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Android',
      osVersion: '6',
    },
  ],
  [
    'Bingbot',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
    { deviceType: 'bot', browserName: 'Chrome', browserVersion: '116' },
  ],
  [
    'GPTBot',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    { deviceType: 'bot', browserName: 'WebKit', browserVersion: '537.36' },
  ],
  [
    'facebookexternalhit (link previews)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    { deviceType: 'bot' },
  ],
  ['curl', 'curl/8.4.0', { deviceType: 'bot' }],
  ['python-requests', 'python-requests/2.31.0', { deviceType: 'bot' }],
  [
    'headless Chrome',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36',
    { deviceType: 'bot', browserName: 'Chrome Headless', browserVersion: '124', osName: 'Linux' },
  ],
]

/** Automated clients that must count as bots: monitors, tools, headless browsers, crawlers. */
const BOTS = [
  'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
  'Mozilla/5.0 (compatible; pingdom.com_bot_version_1.4_(http://www.pingdom.com/))',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/71.0.3578.98 Safari/537.36 StatusCake',
  'Site24x7',
  'Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.71 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 DatadogSynthetics',
  'Go-http-client/2.0',
  'Wget/1.21.4',
  'axios/1.6.8',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  'Java/17.0.2',
  'PostmanRuntime/7.37.3',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ClaudeBot/1.0; +claudebot@anthropic.com',
  'Twitterbot/1.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Chrome-Lighthouse',
]

describe('parseUserAgent', () => {
  it.each(REAL)('%s', (_name, ua, expected) => {
    expect(parseUserAgent(ua)).toEqual(expected)
  })

  it('agrees with the enricher, which caches it (and flags the bots)', () => {
    const enricher = createEnricher()
    for (const [, ua, expected] of REAL) {
      const { enrichment } = enricher.enrich({ userAgent: ua })
      expect(enrichment).toMatchObject({ ...expected, bot: expected.deviceType === 'bot' })
    }
  })
})

describe('isBotUserAgent', () => {
  it.each(BOTS)('%s is a bot', (ua) => {
    expect(isBotUserAgent(ua)).toBe(true)
    expect(parseUserAgent(ua).deviceType).toBe('bot')
  })

  it('no browser in the table is a bot', () => {
    const browsers = REAL.filter(([, , info]) => info.deviceType !== 'bot')
    expect(browsers.length).toBeGreaterThan(15)
    for (const [, ua] of browsers) expect(isBotUserAgent(ua)).toBe(false)
  })
})
