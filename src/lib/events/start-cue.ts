/**
 * The cue at an event's start besides the screen flash (issue 13): a vibration where the browser
 * allows it, and a short tone for a reader who asked for one. Browsers let a page make sound or
 * vibrate only after the reader has touched it, so the tone's audio is prepared when the reader
 * ticks its box (a touch), and the vibration is tried only once the page has been touched.
 */

let audio: AudioContext | undefined;

/** Called from the "play a tone" box's change: unlocks sound for this page. */
export function prepareTone() {
	try {
		audio ??= new AudioContext();
		void audio.resume().catch(() => {});
	} catch {
		// No Web Audio (an old browser, a locked-down one): the flash and the vibration remain.
	}
}

/** A 300 ms tone (880 Hz, faded in and out so it does not click). */
export function playTone() {
	if (!audio) return;
	const start = audio.currentTime;
	const oscillator = audio.createOscillator();
	const gain = audio.createGain();
	oscillator.frequency.value = 880;
	gain.gain.setValueAtTime(0.0001, start);
	gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
	gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
	oscillator.connect(gain).connect(audio.destination);
	oscillator.start(start);
	oscillator.stop(start + 0.32);
}

/** Two short buzzes, where the phone can and the page may (it has been touched). */
export function vibrate() {
	const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } })
		.userActivation;
	if (activation && !activation.hasBeenActive) return;
	try {
		navigator.vibrate?.([200, 100, 200]);
	} catch {
		// Not allowed here (an embedded frame): the flash remains.
	}
}
