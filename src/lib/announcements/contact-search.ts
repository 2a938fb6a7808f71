/**
 * Offline search of the contacts directory, in Chinese as in English: the lessons' tokenizer and
 * options (a run of Han characters indexed as characters and pairs, so 診所 and 藥房 match).
 * Every language of a contact is indexed: a reader may type the name they know.
 */
import MiniSearch from 'minisearch';
import type { ContactRecord } from '$shared/announcements';
import { textSearchOptions } from '$lib/lessons/search';

interface ContactDoc {
	id: string;
	name: string;
	about: string;
	more: string;
}

export class ContactIndex {
	#search = new MiniSearch<ContactDoc>(
		textSearchOptions(['name', 'about', 'more'], { name: 3, about: 2 })
	);

	constructor(contacts: ContactRecord[], categoryNames: (c: ContactRecord) => string = () => '') {
		this.#search.addAll(
			contacts.map((c) => {
				const texts = Object.values(c.texts).filter((t) => t !== undefined);
				return {
					id: c.id,
					name: texts.map((t) => t.name).join(' '),
					about: texts.map((t) => t.about).join(' '),
					more: [
						categoryNames(c),
						...texts.flatMap((t) => [t.hours, t.address]),
						...c.phones.flatMap((p) => [p.number, p.number.replace(/\D/g, ''), p.label])
					].join(' ')
				};
			})
		);
	}

	/** Ids of the matching contacts, best first. */
	search(query: string): string[] {
		const trimmed = query.trim();
		if (!trimmed) return [];
		return this.#search.search(trimmed).map((r) => String(r.id));
	}
}
