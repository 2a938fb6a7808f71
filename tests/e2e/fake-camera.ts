/**
 * A camera for the browser tests: a QR code drawn into a Y4M video file, which Chromium plays as
 * its camera (--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>).
 * Black modules on white, a 4-module quiet zone, centred in a 640×480 frame (4:2:0, grey chroma).
 */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 5;

export function writeQrVideo(file: string, text: string) {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const quiet = 4;
	const cells = modules.size + quiet * 2;
	const scale = Math.floor(Math.min(WIDTH, HEIGHT) / cells);
	const left = Math.floor((WIDTH - cells * scale) / 2);
	const top = Math.floor((HEIGHT - cells * scale) / 2);
	const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
	for (let row = 0; row < modules.size; row++) {
		for (let col = 0; col < modules.size; col++) {
			if (!modules.get(row, col)) continue;
			const y0 = top + (row + quiet) * scale;
			const x0 = left + (col + quiet) * scale;
			for (let y = y0; y < y0 + scale; y++) luma.fill(0, y * WIDTH + x0, y * WIDTH + x0 + scale);
		}
	}
	const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
	const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
	writeFileSync(file, Buffer.concat([header, ...Array.from({ length: FRAMES }, () => frame)]));
}

/** Chromium's switches for a camera that shows `file`, with no permission prompt. */
export const fakeCameraArgs = (file: string) => [
	'--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream',
	`--use-file-for-fake-video-capture=${file}`
];
