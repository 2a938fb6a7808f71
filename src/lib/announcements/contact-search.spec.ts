import { describe, expect, it } from 'vitest';
import type { ContactRecord } from '$shared/announcements';
import { ContactIndex } from './contact-search';

const contact = (
	id: string,
	texts: ContactRecord['texts'],
	number = '2345 6789'
): ContactRecord => ({
	id,
	neighbourhoodId: 'n',
	category: 'clinic',
	texts,
	phones: [{ number, label: '' }],
	updatedAt: 0
});

const contacts = [
	contact('clinic', {
		en: { name: 'Community clinic', about: 'Vaccinations', hours: '', address: '' },
		'zh-Hant': { name: '社區健康診所', about: '疫苗接種', hours: '', address: '' }
	}),
	contact(
		'pharmacy',
		{
			'zh-Hans': { name: '小区药店', about: '药品、急救用品', hours: '', address: '' }
		},
		'2678 9012'
	)
];

describe('contacts search', () => {
	const index = new ContactIndex(contacts, (c) => c.category);

	it('finds Chinese words without spaces, in either script’s own text', () => {
		expect(index.search('診所')).toEqual(['clinic']);
		expect(index.search('疫苗')).toEqual(['clinic']);
		expect(index.search('药店')).toEqual(['pharmacy']);
		expect(index.search('急救')).toEqual(['pharmacy']);
	});

	it('finds English words by prefix, and phone numbers with or without spaces', () => {
		expect(index.search('vaccin')).toEqual(['clinic']);
		expect(index.search('26789012')).toEqual(['pharmacy']);
	});

	it('needs every word of the query', () => {
		expect(index.search('診所 药店')).toEqual([]);
		expect(index.search('   ')).toEqual([]);
	});
});
