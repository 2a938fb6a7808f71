/**
 * Where a pack file arrives from outside the page: the installed app as a file handler (the web
 * app manifest's `file_handlers`, read through `launchQueue`) or a share target (`share_target`: the
 * service worker takes the POST, keeps the file for a moment and opens the catalogue).
 */
export const PACK_OPEN_URL = '/lessons/catalogue?open=file';
export const PACK_SHARE_URL = '/lessons/catalogue/share';
/** Where the worker keeps a shared file until the catalogue page reads (and deletes) it. */
export const SHARED_FILE_CACHE = 'linli-shared-pack';
export const SHARED_FILE_URL = '/packs/.installed/shared-file';

interface LaunchParams {
	files: { getFile(): Promise<File> }[];
}
interface LaunchQueue {
	setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** Calls `receive` with a file the app was opened with (file handler) or shared (share target). */
export async function receivePackFiles(receive: (file: File) => void): Promise<void> {
	const queue = (globalThis as unknown as { launchQueue?: LaunchQueue }).launchQueue;
	queue?.setConsumer((params) => {
		const [handle] = params.files;
		if (handle) void handle.getFile().then(receive);
	});
	if (typeof caches === 'undefined' || !new URL(location.href).searchParams.has('shared')) return;
	const cache = await caches.open(SHARED_FILE_CACHE);
	const response = await cache.match(SHARED_FILE_URL);
	if (!response) return;
	await caches.delete(SHARED_FILE_CACHE);
	const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared.linlipack');
	receive(new File([await response.blob()], name));
}
