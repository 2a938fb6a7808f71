/**
 * Opening a .linlipack on the phone (issue 11): every check of lib/packfile (the same code as the
 * CLI and the server), then what the resident is told about its signer, then the rules that keep an
 * installed pack safe. Nothing is stored before all of it has passed.
 */
import { openPackFile, type OpenedPackFile } from '../packfile/open';
import { SIGNATURE_FILE } from '../packfile/format';
import { readZipDirectory, readZipEntry } from '../packfile/zip-read';
import type { Problem } from '../content/problems';
import { judgeSignature, needsWarning, type Signer, type TrustSnapshot } from '../shared/signing';
import type { PackMeta } from '../shared/lesson';
import { compareVersions } from './version';
import {
	manifestUrl,
	signatureUrl,
	storePack,
	type InstalledPack,
	type PackFileBody,
	type PackSource
} from './store';

export interface WithdrawnVersion {
	id: string;
	version: string;
	sha256: string;
}

/** Why a file is refused (each has a message in the packs namespace, `refusal.<reason>`). */
export type Refusal =
	| { reason: 'invalid'; problems: Problem[] }
	| { reason: 'tampered' }
	| { reason: 'revoked'; fingerprint: string }
	| { reason: 'withdrawn'; version: string }
	| { reason: 'otherKey' }
	| { reason: 'downgrade'; installed: string; version: string };

export type ImportCheck =
	| ({ ok: false; signer?: Signer } & Refusal)
	| {
			ok: true;
			signer: Signer;
			/** The resident must confirm an explicit warning first (unknown key, not signed). */
			warn: boolean;
			id: string;
			version: string;
			/** The `publisher` written in the pack: shown only as "claims to be from …". */
			claimedPublisher: string;
			/** The version installed now, if any. */
			installed?: string;
	  };

/**
 * The rules, on a file lib/packfile has opened. `installed` is what the device has under the same
 * id; `trust` and `withdrawn` are what it learned at its last catalogue fetch.
 */
export function checkOpenedPack(
	opened: OpenedPackFile,
	trust: TrustSnapshot,
	withdrawn: readonly WithdrawnVersion[],
	installed?: Pick<InstalledPack, 'version' | 'source' | 'fingerprint'>
): ImportCheck {
	const hashFailed = opened.problems.some((p) => p.code === 'packfile.hash.mismatch');
	const signed = opened.signature.status !== 'unsigned';
	const signer = judgeSignature(opened.signature, trust, !(signed && hashFailed));
	if (signer.kind === 'tampered') return { ok: false, reason: 'tampered', signer };
	if (!opened.ok || !opened.manifest || !opened.pack) {
		return {
			ok: false,
			reason: 'invalid',
			problems: opened.problems.filter((p) => p.severity === 'error')
		};
	}
	if (signer.kind === 'revoked') {
		return { ok: false, reason: 'revoked', fingerprint: signer.fingerprint, signer };
	}
	const { id, version } = opened.manifest;
	if (withdrawn.some((w) => w.sha256 === opened.sha256 || (w.id === id && w.version === version))) {
		return { ok: false, reason: 'withdrawn', version, signer };
	}
	const fingerprint =
		signer.kind === 'verified' || signer.kind === 'unknown' ? signer.fingerprint : undefined;
	if (installed) {
		// A built-in pack is replaced only by the same pack published through the server; any other
		// pack only by its own key (or, when it was not signed, by anyone the resident accepts).
		const otherKey =
			installed.source === 'builtin'
				? signer.kind !== 'verified'
				: installed.fingerprint !== undefined && installed.fingerprint !== fingerprint;
		if (otherKey) return { ok: false, reason: 'otherKey', signer };
		if (compareVersions(version, installed.version) < 0) {
			return { ok: false, reason: 'downgrade', installed: installed.version, version, signer };
		}
	}
	return {
		ok: true,
		signer,
		warn: needsWarning(signer),
		id,
		version,
		claimedPublisher: opened.manifest.publisher.name,
		...(installed ? { installed: installed.version } : {})
	};
}

/** Opens a pack file and applies the rules: nothing is stored. */
export async function inspectPackFile(
	bytes: Uint8Array,
	trust: TrustSnapshot,
	withdrawn: readonly WithdrawnVersion[],
	installedOf: (id: string) => Promise<InstalledPack | undefined>,
	label = 'pack'
): Promise<{ opened: OpenedPackFile; check: ImportCheck }> {
	const opened = await openPackFile(bytes, { label });
	const installed = opened.manifest ? await installedOf(opened.manifest.id) : undefined;
	return { opened, check: checkOpenedPack(opened, trust, withdrawn, installed) };
}

/** The files to store for an opened, checked pack: the URLs lesson pages load. */
export function packFiles(bytes: Uint8Array, opened: OpenedPackFile): PackFileBody[] {
	if (!opened.ok || !opened.files || !opened.manifest || !opened.manifestBytes) {
		throw new Error('only a checked pack can be stored');
	}
	const id = opened.manifest.id;
	const files: PackFileBody[] = [];
	for (const [name, body] of opened.files) {
		files.push({ url: `/packs/${encodeURIComponent(id)}/${name}`, body });
	}
	// The signed manifest and signature, so the pack can be passed on as a file again.
	files.push({ url: manifestUrl(id), body: opened.manifestBytes });
	if (opened.signature.status !== 'unsigned') {
		const entry = readZipDirectory(bytes).find((e) => e.name === SIGNATURE_FILE);
		if (entry) files.push({ url: signatureUrl(id), body: readZipEntry(bytes, entry) });
	}
	return files;
}

/** Stores a pack that passed `checkOpenedPack` (files first, record last; see store.ts). */
export async function installOpenedPack(
	bytes: Uint8Array,
	opened: OpenedPackFile,
	check: Extract<ImportCheck, { ok: true }>,
	source: Exclude<PackSource, 'builtin'>,
	onProgress?: (done: number, total: number) => void
): Promise<InstalledPack> {
	const files = packFiles(bytes, opened);
	const meta: PackMeta = {
		...opened.pack!.meta,
		// A new hash for every different file: lesson pages ask for ?v=<hash>.
		hash: opened.sha256.slice(0, 16),
		gzipBytes: bytes.byteLength
	};
	const signer = check.signer;
	return storePack(
		{
			id: check.id,
			version: check.version,
			source,
			meta,
			sha256: opened.sha256,
			...(signer.kind === 'verified' || signer.kind === 'unknown'
				? { fingerprint: signer.fingerprint }
				: {}),
			...(signer.kind === 'verified' ? { verifiedPublisher: signer.publisher } : {})
		},
		files,
		onProgress
	);
}
