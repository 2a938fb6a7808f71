/**
 * Comparing pack versions (semantic versions, `1.2.3` or `1.2.3-rc.1`) without bundling `semver`
 * into the app: a pre-release sorts before its release; its dot-separated parts compare as numbers
 * when both are numbers, else as text.
 */
export function compareVersions(a: string, b: string): number {
	const [mainA = '', preA] = splitVersion(a);
	const [mainB = '', preB] = splitVersion(b);
	const partsA = mainA.split('.').map(Number);
	const partsB = mainB.split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
		if (diff !== 0) return Math.sign(diff);
	}
	if (preA === undefined || preB === undefined) {
		return preA === preB ? 0 : preA === undefined ? 1 : -1;
	}
	const idsA = preA.split('.');
	const idsB = preB.split('.');
	for (let i = 0; i < Math.max(idsA.length, idsB.length); i++) {
		const x = idsA[i];
		const y = idsB[i];
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
		const diff = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
		if (diff !== 0) return Math.sign(diff);
	}
	return 0;
}

function splitVersion(version: string): [string, string | undefined] {
	const at = version.indexOf('-');
	return at < 0 ? [version, undefined] : [version.slice(0, at), version.slice(at + 1)];
}
