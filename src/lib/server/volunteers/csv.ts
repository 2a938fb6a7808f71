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

export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
