/**
 * The key a client's address is counted under by the rate limits. An IPv6 phone changes its
 * address within its network's /64 at will (privacy addresses), so IPv6 addresses count by their
 * /64; IPv4 addresses (and IPv4 written as IPv6, ::ffff:a.b.c.d) count as themselves.
 */
import ipaddr from 'ipaddr.js';

export function addressKey(address: string): string {
	let parsed: ipaddr.IPv4 | ipaddr.IPv6;
	try {
		// A scope (fe80::1%eth0) is not part of the address.
		parsed = ipaddr.parse(address.replace(/%.*$/, ''));
	} catch {
		return `ip:${address}`; // not an address (a test, a proxy's odd header): counted as given
	}
	if (parsed.kind() === 'ipv6') {
		const v6 = parsed as ipaddr.IPv6;
		if (v6.isIPv4MappedAddress()) return `ip:${v6.toIPv4Address().toString()}`;
		const network = ipaddr.IPv6.networkAddressFromCIDR(`${v6.toString()}/64`);
		return `ip:${network.toString()}/64`;
	}
	return `ip:${parsed.toString()}`;
}
