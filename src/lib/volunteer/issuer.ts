/**
 * Who issues a volunteer's certificate: the organization that runs the server (GET /api/about).
 * Kept on the phone, so a certificate printed offline still names it.
 */
export interface Issuer {
	issuer: string;
	named: boolean;
}

const KEY = 'linli.issuer';

function stored(): Issuer | undefined {
	try {
		const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Issuer> | null;
		return value && typeof value.issuer === 'string'
			? { issuer: value.issuer, named: value.named === true }
			: undefined;
	} catch {
		return undefined;
	}
}

/** The issuer as last heard from the server, refreshed when the server answers. */
export async function loadIssuer(fetcher: typeof fetch = fetch): Promise<Issuer | undefined> {
	try {
		const response = await fetcher('/api/about');
		if (!response.ok) return stored();
		const body = (await response.json()) as Partial<Issuer>;
		if (typeof body.issuer !== 'string' || body.issuer === '') return stored();
		const issuer = { issuer: body.issuer.slice(0, 200), named: body.named === true };
		try {
			localStorage.setItem(KEY, JSON.stringify(issuer));
		} catch {
			// storage full or disabled: shown now, not kept
		}
		return issuer;
	} catch {
		return stored(); // offline
	}
}
