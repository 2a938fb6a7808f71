/**
 * The door's QR scanner (issue 13): the back camera into a <video>, a frame every SCAN_EVERY_MS
 * drawn small onto a canvas and read by jsQR (loaded with the scanner, not with the app). Nothing
 * leaves the phone. The caller decides what a code means; the scanner pauses after each one until
 * `resume()`, so one ticket held up to the camera is read once.
 */

const SCAN_EVERY_MS = 150;
/** Frames are scaled down to this width before decoding: enough for a ticket held at arm's length. */
const DECODE_WIDTH = 640;

/**
 * Fetches the decoder while online (it is not in the app's precache): the worker keeps it, so the
 * camera works in a lobby with no signal.
 */
export async function warmScanner() {
	await import('jsqr');
}

export type ScannerProblem = 'unsupported' | 'denied' | 'no_camera' | 'failed';

export interface Scanner {
	/** Read the next code (after one was handled). */
	resume(): void;
	stop(): void;
}

export async function startScanner(
	video: HTMLVideoElement,
	onCode: (text: string) => void
): Promise<{ ok: true; scanner: Scanner } | { ok: false; problem: ScannerProblem }> {
	if (!navigator.mediaDevices?.getUserMedia) return { ok: false, problem: 'unsupported' };
	let stream: MediaStream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({
			video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
			audio: false
		});
	} catch (error) {
		const name = (error as { name?: string }).name;
		if (name === 'NotAllowedError' || name === 'SecurityError')
			return { ok: false, problem: 'denied' };
		if (name === 'NotFoundError' || name === 'OverconstrainedError')
			return { ok: false, problem: 'no_camera' };
		return { ok: false, problem: 'failed' };
	}
	const { default: jsQR } = await import('jsqr');
	video.srcObject = stream;
	video.muted = true;
	video.playsInline = true;
	await video.play().catch(() => {});

	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	let stopped = false;
	let paused = false;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const tick = () => {
		timer = undefined;
		if (stopped) return;
		if (!paused && context && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
			const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
			const width = Math.round(video.videoWidth * scale);
			const height = Math.round(video.videoHeight * scale);
			if (canvas.width !== width) canvas.width = width;
			if (canvas.height !== height) canvas.height = height;
			context.drawImage(video, 0, 0, width, height);
			const frame = context.getImageData(0, 0, width, height);
			// Tickets are dark on light; trying the inverse too would halve the frame rate.
			const code = jsQR(frame.data, width, height, { inversionAttempts: 'dontInvert' });
			if (code?.data) {
				paused = true;
				onCode(code.data);
			}
		}
		timer = setTimeout(tick, SCAN_EVERY_MS);
	};
	tick();

	return {
		ok: true,
		scanner: {
			resume() {
				paused = false;
			},
			stop() {
				stopped = true;
				if (timer) clearTimeout(timer);
				for (const track of stream.getTracks()) track.stop();
				video.srcObject = null;
			}
		}
	};
}
