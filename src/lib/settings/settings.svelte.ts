import { getContext, setContext } from 'svelte';
import { invalidate } from '$app/navigation';
import type { Region } from '$shared/regions';
import { regionOf, type RegionState } from '$domain/region';
import {
	applyTextScale,
	PREFS_DEPENDENCY,
	storeRegion,
	storeRegionHint,
	storeTextScale,
	type RegionHint,
	type TextScale
} from './preferences';

const KEY = Symbol('settings');

/** Device settings other than the language (which lives in I18n): region and text size. */
export class Settings {
	/** Where the region comes from and how sure we are (see domain/region.ts). */
	regionState: RegionState = $state({ status: 'unknown' });
	textScale: TextScale = $state(100);

	constructor(region: RegionState, textScale: TextScale) {
		this.regionState = region;
		this.textScale = textScale;
	}

	/** The region whose numbers and words apply; undefined while it is ambiguous or unknown. */
	get region(): Region | undefined {
		return regionOf(this.regionState);
	}

	/** The reader picked their region (or confirmed a guess): remembered, and it always wins. */
	setRegion(region: Region) {
		this.regionState = { status: 'chosen', region };
		storeRegion(region);
		this.reload();
	}

	/**
	 * A neighbourhood the reader joined says where it is. Kept, and used unless the reader chose a
	 * region themselves; the numbers card still asks them to confirm it.
	 */
	suggestRegion(hint: RegionHint) {
		storeRegionHint(hint);
		if (this.regionState.status !== 'chosen') {
			this.regionState = { status: 'suggested', region: hint.region, by: hint.by };
			this.reload();
		}
	}

	/** Pages whose data carries regional words (a lesson) load again in the reader's new words. */
	private reload() {
		void invalidate(PREFS_DEPENDENCY);
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
