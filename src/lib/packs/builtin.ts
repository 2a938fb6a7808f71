/**
 * The built-in packs: the ones this build of the app ships (static/packs, compiled from content/).
 * The service worker installs them on first run (src/service-worker/packs.ts); the list of their
 * files is written into the worker by src/node/build-sw.js from what the build wrote.
 */
export interface BuiltinPacks {
	/** The built-in packs' index (PackIndex) and a revision of its content. */
	index: string;
	indexRevision: string;
	packs: { id: string; version: string; hash: string; files: { url: string; size: number }[] }[];
}

/** A page asks the worker to (re)install one built-in pack: `{ type, id }` with a MessagePort. */
export const BUILTIN_INSTALL_MESSAGE = 'LINLI_INSTALL_BUILTIN_PACK';

export type BuiltinInstallReply =
	| { type: 'progress'; done: number; total: number }
	| { type: 'done' }
	| { type: 'failed'; message: string };

/** Installs a built-in pack through the service worker, reporting progress (0…1). */
export async function installBuiltinPack(
	id: string,
	onProgress: (fraction: number) => void
): Promise<void> {
	const registration = await navigator.serviceWorker.ready;
	const worker = registration.active;
	if (!worker) throw new Error('no service worker');
	const channel = new MessageChannel();
	await new Promise<void>((resolve, reject) => {
		channel.port1.onmessage = (event: MessageEvent<BuiltinInstallReply>) => {
			const reply = event.data;
			if (reply.type === 'progress') onProgress(reply.done / Math.max(1, reply.total));
			else if (reply.type === 'done') resolve();
			else reject(new Error(reply.message));
		};
		worker.postMessage({ type: BUILTIN_INSTALL_MESSAGE, id }, [channel.port2]);
	});
	channel.port1.close();
}
