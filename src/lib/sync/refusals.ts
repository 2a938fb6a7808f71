/**
 * Refused changes as the resident sees them: a note beside the record (its `rejection`) and an
 * entry on the "not accepted" page (`syncIssues`). Dismissing one dismisses both.
 */
import type { LinliDb } from '$lib/db/schema';

/** Marks the refusal of change `seq` as seen: off the issues page, and off its record. */
export async function dismissRefusal(db: LinliDb, seq: number): Promise<void> {
	await db.transaction('rw', db.syncIssues, db.records, async () => {
		const issues = await db.syncIssues.where('seq').equals(seq).toArray();
		for (const issue of issues) {
			if (issue.id !== undefined) await db.syncIssues.update(issue.id, { dismissed: 1 });
		}
		const keys = new Set(issues.map((issue) => issue.recordKey).filter(Boolean) as string[]);
		for (const key of keys) {
			const slash = key.indexOf('/');
			const id: [string, string] = [key.slice(0, slash), key.slice(slash + 1)];
			const row = await db.records.get(id);
			// Only a record at rest: one still 'rejected' has later changes waiting on this answer.
			if (row?.rejection?.seq === seq && row.state !== 'rejected') {
				const { rejection: _seen, ...rest } = row;
				await db.records.put(rest);
			}
		}
	});
}
