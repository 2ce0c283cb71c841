import type { DeviceType } from '@clickstream/schema'

/*
 * The naming rules of the user agent part, as data: which names the lake keeps for operating
 * systems and browsers (whether they came from the user agent string or from client hints), and
 * which device type each of ua-parser-js's types becomes. Maps, not objects: a name
 * such as `toString` or `__proto__` from a hostile client must find nothing.
 */

/**
 * Operating system names as stored. ua-parser-js 1.x says `Mac OS` and `Chromium OS`; one name
 * each, the one Apple and Google use. Names not listed are kept as they come.
 */
export const OS_NAMES: ReadonlyMap<string, string> = new Map([
  ['Mac OS', 'macOS'],
  ['Chromium OS', 'Chrome OS'],
])

/**
 * The client hint platforms (`navigator.userAgentData.platform`: the spec's whole list but
 * `Unknown`) and their stored names. A browser sends nothing else: any other value is forged and
 * ignored.
 */
export const PLATFORMS: ReadonlyMap<string, string> = new Map([
  ['Android', 'Android'],
  ['Chrome OS', 'Chrome OS'],
  ['Chromium OS', 'Chrome OS'],
  ['iOS', 'iOS'],
  ['Linux', 'Linux'],
  ['macOS', 'macOS'],
  ['Windows', 'Windows'],
])

/**
 * Browser names as stored: client hint brands (`navigator.userAgentData.brands`) renamed to what
 * ua-parser-js 1.x calls the same browser, so a Chrome with hints and one without count together.
 * Brands not listed are kept as they come (`Opera`, `Brave`, `Samsung Internet`, `Chromium`, ...).
 */
export const BRAND_NAMES: ReadonlyMap<string, string> = new Map([
  ['Google Chrome', 'Chrome'],
  ['Microsoft Edge', 'Edge'],
  ['HeadlessChrome', 'Chrome Headless'],
  ['Android WebView', 'Chrome WebView'],
  ['YaBrowser', 'Yandex'],
])

/** The brand every Chromium-based browser lists besides its own: used only when alone. */
export const GENERIC_BRAND = 'Chromium'

/** The browser name of headless Chrome (from its user agent or its brand): always a bot. */
export const HEADLESS_BROWSER = 'Chrome Headless'

/** Linux distributions (lower case) as ua-parser-js names them: more precise than `Linux`. */
export const LINUX_DISTRIBUTIONS = new Set([
  'ubuntu',
  'kubuntu',
  'xubuntu',
  'lubuntu',
  'debian',
  'fedora',
  'arch',
  'mint',
  'gentoo',
  'suse',
  'opensuse',
  'centos',
  'red hat',
  'redhat',
  'slackware',
  'mandriva',
  'mageia',
  'manjaro',
  'elementary os',
  'deepin',
  'pclinuxos',
])

/**
 * Operating systems (lower case) whose user agents carry no device type because they run on
 * desktops and laptops: ua-parser-js gives a type only to phones, tablets, TVs, consoles,
 * wearables and embedded devices.
 */
export const DESKTOP_OS = new Set([
  'windows',
  'macos',
  'linux',
  'chrome os',
  ...LINUX_DISTRIBUTIONS,
  'freebsd',
  'openbsd',
  'netbsd',
  'dragonfly',
  'solaris',
])

/** ua-parser-js 1.x device types → ours (`xr` is 2.x's name for headsets, 1.x says wearable). */
export const DEVICE_TYPE_OF: ReadonlyMap<string, DeviceType> = new Map([
  ['mobile', 'mobile'],
  ['tablet', 'tablet'],
  ['smarttv', 'other'],
  ['console', 'other'],
  ['wearable', 'other'],
  ['embedded', 'other'],
  ['xr', 'other'],
])
