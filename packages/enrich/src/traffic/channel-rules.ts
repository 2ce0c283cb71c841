import type { Channel } from '@clickstream/schema'

/**
 * The traffic rules as data: plain tables that `classify-traffic.ts` reads (the order in which they
 * apply is in the package README, "Traffic channel"). Everything is lower case. To add a search
 * engine, a social network, a webmail host, a click id or a medium, add a row here: no code changes.
 *
 * Host patterns: `bing.com` matches that host and every subdomain (`cn.bing.com`,
 * `www.bing.com`); `google.*` also matches any country ending (`google.de`, `google.co.uk`,
 * `google.com.br`). The most specific pattern wins, so `mail.google.com` (webmail) beats
 * `google.*` (search).
 */

/** A site whose referrer names the source: its name and the host patterns and Android apps it uses. */
export interface SiteRule {
  /** The traffic source recorded for it, e.g. `google`. */
  readonly source: string
  readonly hosts: readonly string[]
  /** Android package names, as in an `android-app://<package>/…` referrer. */
  readonly apps?: readonly string[]
  /** Other spellings of the source in `utm_source`, e.g. `fb` for facebook. */
  readonly aliases?: readonly string[]
}

/** Search engines: a referrer from one is organic search, medium `organic`. */
export const SEARCH_ENGINES: readonly SiteRule[] = [
  { source: 'google', hosts: ['google.*'], apps: ['com.google.android.googlequicksearchbox'] },
  { source: 'bing', hosts: ['bing.com'], apps: ['com.microsoft.bing'] },
  {
    source: 'duckduckgo',
    hosts: ['duckduckgo.com', 'ddg.gg'],
    apps: ['com.duckduckgo.mobile.android'],
  },
  { source: 'yahoo', hosts: ['yahoo.*'] },
  { source: 'baidu', hosts: ['baidu.com'] },
  { source: 'yandex', hosts: ['yandex.*', 'ya.ru'], apps: ['ru.yandex.searchplugin'] },
  { source: 'ecosia', hosts: ['ecosia.org'], apps: ['com.ecosia.android'] },
  { source: 'naver', hosts: ['naver.com'] },
  { source: 'seznam', hosts: ['seznam.cz'] },
  { source: 'qwant', hosts: ['qwant.com'] },
  { source: 'startpage', hosts: ['startpage.*'] },
  { source: 'brave', hosts: ['search.brave.com'] },
  { source: 'ask', hosts: ['ask.com'] },
  { source: 'aol', hosts: ['aol.*'] },
  { source: 'sogou', hosts: ['sogou.com'] },
  { source: '360', hosts: ['so.com'] },
  { source: 'daum', hosts: ['daum.net'] },
  { source: 'kagi', hosts: ['kagi.com'] },
  { source: 'mojeek', hosts: ['mojeek.com'] },
  { source: 'petal', hosts: ['petalsearch.com'] },
  { source: 'coccoc', hosts: ['coccoc.com'] },
  { source: 'mail.ru', hosts: ['go.mail.ru'] },
  { source: 'dogpile', hosts: ['dogpile.com'] },
]

/**
 * Social networks: a referrer from one is social, medium `social`. Mastodon is federated (thousands
 * of instances, any host name), so no host rule can cover it: the largest instances are listed,
 * and any other instance counts as a referral from its own host.
 */
export const SOCIAL_NETWORKS: readonly SiteRule[] = [
  {
    source: 'facebook',
    hosts: ['facebook.com', 'fb.com', 'fb.me', 'fb.watch', 'messenger.com'],
    apps: ['com.facebook.katana', 'com.facebook.orca', 'com.facebook.lite'],
    aliases: ['fb'],
  },
  {
    source: 'instagram',
    hosts: ['instagram.com'],
    apps: ['com.instagram.android'],
    aliases: ['ig'],
  },
  { source: 'twitter', hosts: ['twitter.com', 't.co', 'x.com'], apps: ['com.twitter.android'] },
  { source: 'linkedin', hosts: ['linkedin.com', 'lnkd.in'], apps: ['com.linkedin.android'] },
  { source: 'reddit', hosts: ['reddit.com', 'redd.it'], apps: ['com.reddit.frontpage'] },
  { source: 'pinterest', hosts: ['pinterest.*', 'pin.it'], apps: ['com.pinterest'] },
  {
    source: 'youtube',
    hosts: ['youtube.com', 'youtu.be'],
    apps: ['com.google.android.youtube'],
    aliases: ['yt'],
  },
  { source: 'tiktok', hosts: ['tiktok.com'], apps: ['com.zhiliaoapp.musically'] },
  { source: 'snapchat', hosts: ['snapchat.com'], apps: ['com.snapchat.android'] },
  { source: 'whatsapp', hosts: ['whatsapp.com', 'wa.me'], apps: ['com.whatsapp'] },
  {
    source: 'telegram',
    hosts: ['telegram.org', 'telegram.me', 't.me'],
    apps: ['org.telegram.messenger'],
  },
  {
    source: 'discord',
    hosts: ['discord.com', 'discord.gg', 'discordapp.com'],
    apps: ['com.discord'],
  },
  { source: 'threads', hosts: ['threads.net', 'threads.com'], apps: ['com.instagram.barcelona'] },
  {
    source: 'mastodon',
    hosts: [
      'mastodon.social',
      'mastodon.online',
      'mastodon.world',
      'mstdn.social',
      'mas.to',
      'fosstodon.org',
      'hachyderm.io',
      'infosec.exchange',
    ],
    apps: ['org.joinmastodon.android'],
  },
  { source: 'bluesky', hosts: ['bsky.app'], apps: ['xyz.blueskyweb.app'] },
  { source: 'quora', hosts: ['quora.com'] },
  { source: 'vk', hosts: ['vk.com', 'vk.ru'] },
  { source: 'odnoklassniki', hosts: ['ok.ru'] },
  { source: 'weibo', hosts: ['weibo.com', 'weibo.cn'] },
  { source: 'tumblr', hosts: ['tumblr.com'] },
  { source: 'line', hosts: ['line.me'] },
  { source: 'xing', hosts: ['xing.com'] },
  { source: 'hackernews', hosts: ['news.ycombinator.com'] },
]

/** Webmail: a referrer from one is an email click, medium `email`. */
export const WEBMAIL: readonly SiteRule[] = [
  { source: 'gmail', hosts: ['mail.google.com'], apps: ['com.google.android.gm'] },
  {
    source: 'outlook',
    hosts: [
      'outlook.live.com',
      'outlook.office.com',
      'outlook.office365.com',
      'outlook.cloud.microsoft',
    ],
    apps: ['com.microsoft.office.outlook'],
  },
  { source: 'yahoo mail', hosts: ['mail.yahoo.*'], apps: ['com.yahoo.mobile.client.android.mail'] },
  { source: 'aol mail', hosts: ['mail.aol.com'] },
  {
    source: 'proton mail',
    hosts: ['mail.proton.me', 'mail.protonmail.com'],
    apps: ['ch.protonmail.android'],
  },
  { source: 'yandex mail', hosts: ['mail.yandex.*'] },
  { source: 'zoho mail', hosts: ['mail.zoho.*'] },
  { source: 'mail.ru', hosts: ['e.mail.ru', 'touch.mail.ru'] },
  { source: 'gmx', hosts: ['gmx.*'] },
  { source: 'web.de', hosts: ['navigator.web.de'] },
  { source: 't-online', hosts: ['email.t-online.de'] },
  { source: 'fastmail', hosts: ['fastmail.com'] },
  { source: 'tuta', hosts: ['app.tuta.com', 'mail.tutanota.com'] },
  { source: 'naver mail', hosts: ['mail.naver.com'] },
  { source: 'daum mail', hosts: ['mail.daum.net'] },
  { source: 'seznam mail', hosts: ['email.seznam.cz'] },
]

/** What a click id in the page URL's query says: the ad network or site that added it. */
export interface ClickIdRule {
  readonly channel: Channel
  readonly source: string
  readonly medium: string
}

/**
 * Click ids, in order of precedence (the first one present wins). Ad networks add them to the
 * landing page's URL; `fbclid` and `igshid` are added to every outbound link (ads or not), so they
 * say social, not paid.
 */
export const CLICK_IDS: ReadonlyArray<readonly [param: string, rule: ClickIdRule]> = [
  ['gclid', { channel: 'paid_search', source: 'google', medium: 'cpc' }],
  ['gbraid', { channel: 'paid_search', source: 'google', medium: 'cpc' }],
  ['wbraid', { channel: 'paid_search', source: 'google', medium: 'cpc' }],
  ['msclkid', { channel: 'paid_search', source: 'bing', medium: 'cpc' }],
  ['yclid', { channel: 'paid_search', source: 'yandex', medium: 'cpc' }],
  ['dclid', { channel: 'display', source: 'google', medium: 'cpm' }],
  ['ttclid', { channel: 'social', source: 'tiktok', medium: 'cpc' }],
  ['twclid', { channel: 'social', source: 'twitter', medium: 'cpc' }],
  ['li_fat_id', { channel: 'social', source: 'linkedin', medium: 'cpc' }],
  ['sccid', { channel: 'social', source: 'snapchat', medium: 'cpc' }],
  ['epik', { channel: 'social', source: 'pinterest', medium: 'cpc' }],
  ['rdt_cid', { channel: 'social', source: 'reddit', medium: 'cpc' }],
  ['fbclid', { channel: 'social', source: 'facebook', medium: 'social' }],
  ['igshid', { channel: 'social', source: 'instagram', medium: 'social' }],
  ['mc_cid', { channel: 'email', source: 'mailchimp', medium: 'email' }],
  ['_hsenc', { channel: 'email', source: 'hubspot', medium: 'email' }],
  ['srsltid', { channel: 'organic_search', source: 'google', medium: 'organic' }],
  ['irclickid', { channel: 'other', source: 'impact', medium: 'affiliate' }],
]

/**
 * `utm_medium` values and their channel (exact, after lower-casing and trimming). A medium not
 * listed gives `other`, unless `utm_source` names a known search engine, social network or
 * webmail (then that site's channel).
 */
export const MEDIUMS: Readonly<Record<string, Channel>> = {
  cpc: 'paid_search',
  ppc: 'paid_search',
  paid: 'paid_search',
  paidsearch: 'paid_search',
  'paid-search': 'paid_search',
  paid_search: 'paid_search',
  'paid search': 'paid_search',
  sem: 'paid_search',
  display: 'display',
  banner: 'display',
  cpm: 'display',
  programmatic: 'display',
  expandable: 'display',
  interstitial: 'display',
  native: 'display',
  retargeting: 'display',
  remarketing: 'display',
  email: 'email',
  'e-mail': 'email',
  e_mail: 'email',
  'e mail': 'email',
  newsletter: 'email',
  social: 'social',
  'social-media': 'social',
  social_media: 'social',
  'social media': 'social',
  'social-network': 'social',
  social_network: 'social',
  'social network': 'social',
  sm: 'social',
  'paid-social': 'social',
  paid_social: 'social',
  paidsocial: 'social',
  'organic-social': 'social',
  organic_social: 'social',
  organic: 'organic_search',
  seo: 'organic_search',
  referral: 'referral',
  link: 'referral',
  affiliate: 'other',
  affiliates: 'other',
  partner: 'other',
  sms: 'other',
  push: 'other',
  audio: 'other',
  podcast: 'other',
  video: 'other',
  qr: 'other',
  print: 'other',
  offline: 'other',
  '(none)': 'direct',
}

/** What an event with no usable referrer (or one from its own site) and no campaign gets. */
export const DIRECT = { channel: 'direct', source: '(direct)', medium: '(none)' } as const

/** The source or medium of a campaign that names only the other one. */
export const NOT_SET = '(not set)'

/**
 * Country endings for `name.*` patterns: one label (`de`, `com`), or two when the first is one of
 * these and the second has two letters (`co.uk`, `com.br`, `ne.jp`).
 */
export const SECOND_LEVEL_LABELS: ReadonlySet<string> = new Set([
  'co',
  'com',
  'net',
  'org',
  'ac',
  'gov',
  'edu',
  'ne',
  'or',
  'go',
  'gob',
])
