/**
 * Offering to put Linli on the home screen: which way this browser has, and whether the reader
 * said "not now". Pure and small, so the rules are unit-tested apart from the card.
 */

/** The browser's own install prompt, kept from `beforeinstallprompt` (Chromium browsers). */
export interface InstallPromptEvent extends Event {
	prompt(): Promise<unknown>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** 'prompt': a button opens the browser's prompt; 'ios': pictures of Share → Add to Home Screen. */
export type InstallMethod = 'prompt' | 'ios' | 'none';

export interface InstallContext {
	userAgent: string;
	/** navigator.maxTouchPoints: iPadOS reports itself as a Mac, but with touch. */
	maxTouchPoints: number;
	/** Already running from the home screen (display-mode standalone, or iOS navigator.standalone). */
	standalone: boolean;
	/** The browser has offered its install prompt. */
	hasPrompt: boolean;
}

export function isIos(userAgent: string, maxTouchPoints: number): boolean {
	return /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
}

/** How this browser can install the app, if it can and has not already. */
export function installMethod(context: InstallContext): InstallMethod {
	if (context.standalone) return 'none';
	if (context.hasPrompt) return 'prompt';
	if (isIos(context.userAgent, context.maxTouchPoints)) return 'ios';
	return 'none';
}

const DISMISSED_KEY = 'linli.installCard';

/** The reader closed the card: it does not come back on this device. */
export function installCardDismissed(): boolean {
	try {
		return localStorage.getItem(DISMISSED_KEY) === 'dismissed';
	} catch {
		return false;
	}
}

export function dismissInstallCard() {
	try {
		localStorage.setItem(DISMISSED_KEY, 'dismissed');
	} catch {
		// storage disabled: the card goes for this visit only
	}
}
