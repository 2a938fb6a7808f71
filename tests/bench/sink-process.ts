// The loopback push service of push-load.ts in a process of its own, so that its TLS work does not
// delay the load generator's clock (one event loop would add the sink's work to every latency),
// at the lowest CPU priority: it stands for a push service on another machine, so it takes only
// the CPU the app, its database and the load generator leave. Run with fork(); it answers on the
// IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSink } from '../support/push-sink';

export interface SinkProcess {
	origin: string;
	certPath: string;
	/** How many requests the sink has received so far. */
	count(): Promise<number>;
	/** What the sink has received so far: each request's path and when (Date.now()). */
	received(): Promise<{ path: string; at: number }[]>;
	close(): Promise<void>;
}

type Reply =
	| { type: 'ready'; origin: string; certPath: string }
	| { type: 'count'; count: number }
	| { type: 'received'; received: { path: string; at: number }[] };

export async function startSinkProcess(): Promise<SinkProcess> {
	const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
		execArgv: ['--import', 'tsx'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	const next = <T extends Reply['type']>(type: T) =>
		new Promise<Extract<Reply, { type: T }>>((resolve, reject) => {
			const onMessage = (message: Reply) => {
				if (message.type !== type) return;
				child.off('message', onMessage);
				child.off('exit', reject);
				resolve(message as Extract<Reply, { type: T }>);
			};
			child.on('message', onMessage);
			child.once('exit', reject);
		});
	const ready = await next('ready');
	return {
		origin: ready.origin,
		certPath: ready.certPath,
		async count() {
			const answer = next('count');
			child.send('count');
			return (await answer).count;
		},
		async received() {
			const answer = next('received');
			child.send('report');
			return (await answer).received;
		},
		async close() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.send('close');
			await exited;
		}
	};
}

if (process.argv.includes('--serve')) {
	setPriority(19);
	const sink = await startSink();
	process.on('message', (message) => {
		if (message === 'count') process.send!({ type: 'count', count: sink.received.length });
		if (message === 'report')
			process.send!({
				type: 'received',
				received: sink.received.map((r) => ({ path: r.path, at: r.at }))
			});
		if (message === 'close') void sink.close().then(() => process.exit(0));
	});
	process.send!({ type: 'ready', origin: sink.origin, certPath: sink.certificate.certPath });
}
