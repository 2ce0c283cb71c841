/**
 * A minimal MaxMind DB (`.mmdb`, format 2.0) writer, for test fixtures only: builds small databases
 * in MaxMind's City or Country layout (or any other) so the mmdb adapter is tested on real files of
 * each layout without shipping MaxMind's data, whose licence forbids redistribution.
 *
 * Follows the published MaxMind DB File Format Specification: a binary search tree of 24-bit
 * records, a 16-byte separator, the data section, then the metadata marker and map. IPv4 ranges in
 * an IPv6 tree sit at `::a.b.c.d` (96 zero bits first), as in MaxMind's own databases. Ranges must
 * not overlap. Values: strings, non-negative integers (uint32), other numbers (double), booleans,
 * bigints (uint64), arrays and plain objects (maps).
 */
import { parseRange } from '../../ip/ip-address.js'

export type MmdbValue =
  | string
  | number
  | boolean
  | bigint
  | MmdbValue[]
  | { [key: string]: MmdbValue }

export interface MmdbFixture {
  /** e.g. `GeoLite2-City`, `GeoIP2-Country` */
  databaseType: string
  /** @default 6 */
  ipVersion?: 4 | 6
  /** One value per range (`192.0.2.0/24`, `2001:db8::/32`). */
  records: { cidr: string; data: MmdbValue }[]
  /** @default 2026-01-01 */
  buildEpochSeconds?: number
}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex')

const TYPE = { string: 2, double: 3, uint32: 6, map: 7, uint64: 9, array: 11, boolean: 14 }

function control(type: number, size: number): Buffer {
  const [bits, extra] =
    size < 29
      ? [size, []]
      : size < 285
        ? [29, [size - 29]]
        : size < 65_821
          ? [30, [(size - 285) >> 8, (size - 285) & 0xff]]
          : [31, [(size - 65_821) >> 16, ((size - 65_821) >> 8) & 0xff, (size - 65_821) & 0xff]]
  const head = type <= 7 ? [(type << 5) | bits] : [bits, type - 7]
  return Buffer.from([...head, ...extra])
}

function uintBytes(value: bigint): Buffer {
  const bytes: number[] = []
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn))
  return Buffer.from(bytes)
}

/** One value in the data section's encoding. */
export function encodeValue(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([control(TYPE.string, bytes.length), bytes])
  }
  if (typeof value === 'boolean') return control(TYPE.boolean, value ? 1 : 0)
  if (typeof value === 'bigint') {
    const bytes = uintBytes(value)
    return Buffer.concat([control(TYPE.uint64, bytes.length), bytes])
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) {
      const bytes = uintBytes(BigInt(value))
      return Buffer.concat([control(TYPE.uint32, bytes.length), bytes])
    }
    const bytes = Buffer.alloc(8)
    bytes.writeDoubleBE(value)
    return Buffer.concat([control(TYPE.double, 8), bytes])
  }
  if (Array.isArray(value)) {
    return Buffer.concat([control(TYPE.array, value.length), ...value.map(encodeValue)])
  }
  const entries = Object.entries(value)
  return Buffer.concat([
    control(TYPE.map, entries.length),
    ...entries.flatMap(([key, v]) => [encodeValue(key), encodeValue(v)]),
  ])
}

/** A range's bits from the top of the tree. */
function bitsOf(cidr: string, ipVersion: 4 | 6): number[] {
  const range = parseRange(cidr)
  if (!range) throw new Error(`mmdb fixture: not a range: ${cidr}`)
  if (range.version === 6 && ipVersion === 4) throw new Error(`mmdb fixture: IPv6 in IPv4: ${cidr}`)
  const bits = range.groups.flatMap((g) =>
    Array.from({ length: 16 }, (_, i) => (g >> (15 - i)) & 1),
  )
  const lead = range.version === 4 && ipVersion === 6 ? Array<number>(96).fill(0) : []
  return [...lead, ...bits.slice(0, range.prefix)]
}

type Slot = { node: number } | { data: number } | undefined

/** The `.mmdb` file of a fixture. */
export function writeMmdb(fixture: MmdbFixture): Buffer {
  const ipVersion = fixture.ipVersion ?? 6
  const nodes: [Slot, Slot][] = [[undefined, undefined]]
  const data: Buffer[] = []
  let dataSize = 0
  for (const { cidr, data: value } of fixture.records) {
    const bits = bitsOf(cidr, ipVersion)
    if (bits.length === 0) throw new Error('mmdb fixture: a /0 range has no record slot')
    const encoded = encodeValue(value)
    let node = 0
    for (const [depth, bit] of bits.entries()) {
      const slot = (nodes[node] as [Slot, Slot])[bit as 0 | 1]
      if (depth === bits.length - 1) {
        if (slot !== undefined) throw new Error(`mmdb fixture: overlapping range ${cidr}`)
        ;(nodes[node] as [Slot, Slot])[bit as 0 | 1] = { data: dataSize }
      } else if (slot === undefined) {
        nodes.push([undefined, undefined])
        ;(nodes[node] as [Slot, Slot])[bit as 0 | 1] = { node: nodes.length - 1 }
        node = nodes.length - 1
      } else if ('node' in slot) node = slot.node
      else throw new Error(`mmdb fixture: overlapping range ${cidr}`)
    }
    data.push(encoded)
    dataSize += encoded.length
  }
  const nodeCount = nodes.length
  const value = (slot: Slot) =>
    slot === undefined ? nodeCount : 'node' in slot ? slot.node : nodeCount + 16 + slot.data
  const tree = Buffer.alloc(nodeCount * 6)
  for (const [i, [left, right]] of nodes.entries()) {
    tree.writeUIntBE(value(left), i * 6, 3)
    tree.writeUIntBE(value(right), i * 6 + 3, 3)
  }
  const metadata = encodeValue({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(fixture.buildEpochSeconds ?? 1_767_225_600),
    database_type: fixture.databaseType,
    description: { en: `${fixture.databaseType} test fixture` },
    ip_version: ipVersion,
    languages: ['en'],
    node_count: nodeCount,
    record_size: 24,
  })
  return Buffer.concat([tree, Buffer.alloc(16), ...data, METADATA_MARKER, metadata])
}
