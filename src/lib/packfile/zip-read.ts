/**
 * A strict ZIP reader for pack files. fflate inflates; this file reads the archive's directory
 * itself, because a pack comes from strangers and fflate's `unzipSync` is built for friendly input:
 * it keeps the last of two entries with one name, trusts the sizes an entry declares while it
 * inflates (a deflate stream that lies about its size costs CPU for all of its real size), and lets
 * entries overlap. Here every limit is checked from the central directory before anything is
 * inflated, and inflating stops as soon as an entry outgrows what it declared.
 *
 * Supported: stored (0) and deflated (8) entries, data descriptors, extra fields, UTF-8 names.
 * Refused: ZIP64, encryption, other methods, split archives, data before or between the parts.
 *
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
import { Inflate } from 'fflate';
import { entryLimit, PACK_FILE_LIMITS, PackFileError } from './format.js';

export interface ZipEntry {
	name: string;
	/** 0 stored, 8 deflated. */
	method: 0 | 8;
	compressedSize: number;
	/** The inflated size the entry declares (checked while inflating). */
	size: number;
	/** Where the entry's header starts and where its data starts. */
	headerStart: number;
	dataStart: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Deflate input is fed 16 KB at a time, so one step can produce at most ~16 MB. */
const INFLATE_STEP = 16 * 1024;

const corrupt = (detail: string) => new PackFileError('packfile.archive.corrupt', { detail });
const unsupported = (feature: string) =>
	new PackFileError('packfile.archive.unsupported', { feature });

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
	if (!utf8Flag && raw.some((byte) => byte >= 0x80)) {
		// Without the UTF-8 flag a name is in a legacy code page: refuse rather than guess.
		throw new PackFileError('packfile.entry.name', { name: String.fromCharCode(...raw) });
	}
	try {
		return utf8.decode(raw);
	} catch {
		throw corrupt('an entry name is not UTF-8');
	}
}

/**
 * Reads the central directory and checks it against every limit. Throws a PackFileError for an
 * archive that is not a ZIP file, uses a refused feature, has too many entries, or would expand
 * beyond the limits; entry names are returned as found (the caller checks them).
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
	if (bytes.length > PACK_FILE_LIMITS.archiveBytes) {
		throw new PackFileError('packfile.archive.tooLarge', {
			mb: Math.ceil(bytes.length / 1024 / 1024),
			max: PACK_FILE_LIMITS.archiveBytes / 1024 / 1024
		});
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);

	// The end-of-central-directory record ends the file, after a comment of the length it states.
	let eocd = -1;
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
		if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.length) {
			eocd = at;
			break;
		}
	}
	if (eocd < 0) throw corrupt('no end of central directory: not a ZIP file, or cut short');
	if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) throw unsupported('ZIP64');
	const [disk, cdDisk, onDisk, count] = [
		u16(eocd + 4),
		u16(eocd + 6),
		u16(eocd + 8),
		u16(eocd + 10)
	];
	const [cdSize, cdOffset] = [u32(eocd + 12), u32(eocd + 16)];
	if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
		throw unsupported('ZIP64');
	}
	if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw unsupported('split archive');
	if (count > PACK_FILE_LIMITS.entries) {
		throw new PackFileError('packfile.archive.entries', {
			count,
			max: PACK_FILE_LIMITS.entries
		});
	}
	if (cdOffset + cdSize !== eocd) throw corrupt('the central directory is not where it says');

	const entries: ZipEntry[] = [];
	let expanded = 0;
	let at = cdOffset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > eocd || u32(at) !== CENTRAL) throw corrupt('a central directory entry is broken');
		const flags = u16(at + 8);
		const method = u16(at + 10);
		const compressedSize = u32(at + 20);
		const size = u32(at + 24);
		const nameLength = u16(at + 28);
		const extraLength = u16(at + 30);
		const commentLength = u16(at + 32);
		const headerStart = u32(at + 42);
		const next = at + 46 + nameLength + extraLength + commentLength;
		if (next > eocd) throw corrupt('a central directory entry runs past its end');
		const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
		if (flags & 0x0001 || flags & 0x0040 || flags & 0x2000) throw unsupported('encryption');
		if (method !== 0 && method !== 8) throw unsupported(`compression method ${method}`);
		if (compressedSize === 0xffffffff || size === 0xffffffff || headerStart === 0xffffffff) {
			throw unsupported('ZIP64');
		}
		const name = decodeName(rawName, (flags & 0x0800) !== 0);
		if (size > entryLimit(name)) {
			throw new PackFileError('packfile.entry.tooLarge', {
				name,
				kb: Math.ceil(size / 1024),
				max: entryLimit(name) / 1024
			});
		}
		expanded += size;
		if (method === 0 && compressedSize !== size) throw corrupt(`${name}: stored sizes differ`);

		// The local header must agree with the central directory on the name and the method.
		if (headerStart + 30 > cdOffset || u32(headerStart) !== LOCAL) {
			throw corrupt(`${name}: no local header where the directory says`);
		}
		const localNameLength = u16(headerStart + 26);
		const localExtraLength = u16(headerStart + 28);
		const localName = bytes.subarray(headerStart + 30, headerStart + 30 + localNameLength);
		if (
			u16(headerStart + 8) !== method ||
			localNameLength !== nameLength ||
			localName.some((byte, j) => byte !== rawName[j])
		) {
			throw corrupt(`${name}: the local header disagrees with the directory`);
		}
		const dataStart = headerStart + 30 + localNameLength + localExtraLength;
		if (dataStart + compressedSize > cdOffset) throw corrupt(`${name}: data runs past its end`);
		entries.push({ name, method, compressedSize, size, headerStart, dataStart });
		at = next;
	}
	if (at !== eocd) throw corrupt('the central directory holds more than it counts');
	if (expanded > PACK_FILE_LIMITS.expandedBytes) {
		throw new PackFileError('packfile.archive.expanded', {
			mb: Math.ceil(expanded / 1024 / 1024),
			max: PACK_FILE_LIMITS.expandedBytes / 1024 / 1024
		});
	}
	// Entries may not share bytes (overlapping entries multiply a small file into a huge one).
	const ranges = [...entries].sort((a, b) => a.headerStart - b.headerStart);
	for (let i = 1; i < ranges.length; i++) {
		const previous = ranges[i - 1]!;
		if (ranges[i]!.headerStart < previous.dataStart + previous.compressedSize) {
			throw corrupt(`${ranges[i]!.name} overlaps ${previous.name}`);
		}
	}
	return entries;
}

/**
 * An entry's bytes. Deflated data is inflated step by step into a buffer of the declared size; one
 * byte more and it stops (packfile.entry.overflow), fewer is a corrupt archive.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
	const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
	if (entry.method === 0) return data.slice();
	const out = new Uint8Array(entry.size);
	let length = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		if (length + chunk.length > out.length) {
			throw new PackFileError('packfile.entry.overflow', { name: entry.name, size: entry.size });
		}
		out.set(chunk, length);
		length += chunk.length;
		ended = final;
	});
	try {
		if (data.length === 0) inflater.push(data, true);
		for (let i = 0; i < data.length; i += INFLATE_STEP) {
			inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
		}
	} catch (error) {
		if (error instanceof PackFileError) throw error;
		throw corrupt(`${entry.name}: ${error instanceof Error ? error.message : 'bad deflate data'}`);
	}
	if (!ended || length !== out.length) throw corrupt(`${entry.name}: shorter than it declares`);
	return out;
}
