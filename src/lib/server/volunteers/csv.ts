import Papa from 'papaparse';

/**
 * A spreadsheet-safe CSV: UTF-8 with a byte-order mark (so Excel reads Chinese right), and any
 * cell that a spreadsheet would take for a formula (starting with = + - @, tab or return) gets a
 * leading apostrophe, so it is shown, never run.
 */
export function toCsv(
	header: string[],
	rows: (string | number | boolean | null | undefined)[][]
): string {
	const safe = (cell: string | number | boolean | null | undefined) => {
		const text = cell === null || cell === undefined ? '' : String(cell);
		return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	};
	return `\uFEFF${Papa.unparse({ fields: header.map(safe), data: rows.map((row) => row.map(safe)) }, { newline: '\r\n' })}\r\n`;
}

/**
 * A download of `body`. `filename` is the plain ASCII name every client understands; `unicode`,
 * when given, is the name in the reader's language (RFC 5987 filename*, which browsers prefer).
 */
export function csvResponse(body: string, filename: string, unicode?: string): Response {
	const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
	const extended = unicode ? `; filename*=UTF-8''${encodeRfc5987(unicode)}` : '';
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${ascii}"${extended}`,
			'cache-control': 'no-store'
		}
	});
}

/** Percent-encodes everything RFC 5987's attr-char does not allow. */
function encodeRfc5987(text: string): string {
	return encodeURIComponent(text).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}
