/** The `cidr` operator of EventBridge event patterns: IPv4 and IPv6 addresses inside a CIDR block. */

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

export interface CidrBlock {
  version: 4 | 6;
  network: bigint;
  mask: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused: some parsers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let address = text;
  // A trailing dotted IPv4 (`::ffff:10.0.0.1`) is the last two groups.
  if (address.includes('.')) {
    const lastColon = address.lastIndexOf(':');
    const v4 = parseIpv4(address.slice(lastColon + 1));
    if (lastColon < 0 || v4 === undefined) return undefined;
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  const given = [...head, ...tail];
  if (!given.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  if (halves.length === 1 ? given.length !== 8 : given.length > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - given.length).fill('0'), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** `10.0.0.0/24`, `2001:db8::/32`; host bits set in the address are ignored. */
export function parseCidr(text: string): CidrBlock | undefined {
  const parts = text.split('/');
  if (parts.length !== 2 || !/^\d{1,3}$/.test(parts[1])) return undefined;
  const ip = parseIp(parts[0]);
  if (!ip) return undefined;
  const bits = BITS[ip.version];
  const prefixLength = Number(parts[1]);
  if (prefixLength > bits) return undefined;
  const all = (1n << BigInt(bits)) - 1n;
  const mask = (all << BigInt(bits - prefixLength)) & all;
  return { version: ip.version, network: ip.value & mask, mask };
}

export function cidrContains(block: CidrBlock, text: string): boolean {
  const ip = parseIp(text);
  return ip !== undefined && ip.version === block.version && (ip.value & block.mask) === block.network;
}
