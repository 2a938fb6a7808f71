import { getContext, setContext } from 'svelte';
import type { Region } from '$shared/regions';
import { applyTextScale, storeRegion, storeTextScale, type TextScale } from './preferences';

const KEY = Symbol('settings');

/** Device settings other than the language (which lives in I18n): region and text size. */
export class Settings {
	region: Region = $state('other');
	textScale: TextScale = $state(100);

	constructor(region: Region, textScale: TextScale) {
		this.region = region;
		this.textScale = textScale;
	}

	setRegion(region: Region) {
		this.region = region;
		storeRegion(region);
	}

	setTextScale(scale: TextScale) {
		this.textScale = scale;
		storeTextScale(scale);
		applyTextScale(scale);
	}
}

export function setSettings(settings: Settings): Settings {
	return setContext(KEY, settings);
}

export function getSettings(): Settings {
	const settings = getContext<Settings | undefined>(KEY);
	if (!settings) throw new Error('getSettings() called outside the root layout');
	return settings;
}
