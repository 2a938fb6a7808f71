import type { VolunteerData } from './data.svelte';

/** "Export my data": everything about the volunteer on this phone, as a JSON file. */
export function exportMyData(data: VolunteerData) {
	const body = {
		exportedAt: new Date().toISOString(),
		registration: data.profile?.data ?? null,
		status: data.status ?? null,
		signups: data.signups.map((s) => {
			const task = data.tasks.find((t) => t.id === s.data.taskId);
			return {
				...s.data,
				task: task
					? {
							title: task.title,
							place: task.place,
							startsAt: new Date(task.startsAt).toISOString(),
							endsAt: new Date(task.endsAt).toISOString()
						}
					: null
			};
		}),
		notices: data.notices,
		certificates: data.certificates.map((c) => c.data)
	};
	const blob = new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = `linli-volunteer-${new Date().toISOString().slice(0, 10)}.json`;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
