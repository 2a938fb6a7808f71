/**
 * The reader's own check of every URL in a lesson. The compiler already refuses bad ones, but a
 * compiled pack may come from a stranger (a file passed phone to phone), so the renderer decides
 * again what it will turn into a link or a picture.
 */
import { ID_PATTERN } from '$shared/pack-schema';
import { PACKS_BASE } from './packs';

const SAFE_LINK = /^(https?:\/\/|mailto:|tel:)/i;

export function safeHref(href: unknown): string | undefined {
	if (typeof href !== 'string' || !SAFE_LINK.test(href.trim())) return undefined;
	try {
		const url = new URL(href.trim());
		return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : undefined;
	} catch {
		return undefined;
	}
}

const ASSET = /^assets\/[A-Za-z0-9][A-Za-z0-9._-]*\.(png|jpe?g|webp|gif|svg)$/i;

/** A picture from the pack itself, or nothing. */
export function assetUrl(packId: string, src: unknown): string | undefined {
	if (
		!ID_PATTERN.test(packId) ||
		typeof src !== 'string' ||
		!ASSET.test(src) ||
		src.includes('..')
	) {
		return undefined;
	}
	return `${PACKS_BASE}/${packId}/${src}`;
}

/** The route parameters of a lesson link, from checked ids only. */
export function lessonTarget(
	packId: string,
	lessonId: unknown,
	otherPack?: unknown
): { pack: string; lesson: string } | undefined {
	const pack = otherPack === undefined ? packId : otherPack;
	if (typeof pack !== 'string' || typeof lessonId !== 'string') return undefined;
	if (!ID_PATTERN.test(pack) || !ID_PATTERN.test(lessonId)) return undefined;
	return { pack, lesson: lessonId };
}
