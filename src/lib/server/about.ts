/**
 * What a phone may know about the server it talks to: who runs it, to name the issuer on a
 * volunteer's certificate. Public, the same for everyone, and safe to cache.
 */
import type { ServerConfig } from './config';

export interface About {
	/** LINLI_ORG_NAME, or the server's address when it is not set. */
	issuer: string;
	/** True when `issuer` is the organization's own name (not the fallback). */
	named: boolean;
}

export function aboutServer(config: Pick<ServerConfig, 'orgName'>, origin: URL): About {
	return config.orgName
		? { issuer: config.orgName, named: true }
		: { issuer: origin.host, named: false };
}
