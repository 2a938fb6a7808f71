import { describe, expect, it } from 'vitest';
import { CONSENT_VERSION, profileErrors } from './volunteer';

const filled = {
	id: '0b5c7e1e-8a2f-4c3d-9e4f-2f0d3c4e5a61',
	name: 'Li Ming',
	phone: '',
	email: '',
	building: '',
	unit: '',
	skills: [],
	firstAidCertified: false,
	hasCar: false,
	skillsOther: '',
	languages: [],
	availability: [],
	maxHoursPerWeek: 4,
	notes: '',
	consentVersion: CONSENT_VERSION,
	consentAt: 1
};

describe('the registration form checks', () => {
	it('ask for a phone or an e-mail in the same round as the other problems', () => {
		expect(profileErrors({ ...filled, consentVersion: '', consentAt: -1 })).toEqual({
			phone: 'contact',
			consentVersion: 'consent',
			consentAt: 'consent'
		});
		expect(profileErrors({ ...filled, name: '  ' })).toMatchObject({
			name: 'required',
			phone: 'contact'
		});
	});

	it('ask for it alone when everything else is right, and not at all once one is given', () => {
		expect(profileErrors(filled)).toEqual({ phone: 'contact' });
		expect(profileErrors({ ...filled, email: 'li@example.org' })).toEqual({});
		expect(profileErrors({ ...filled, phone: '+86 138 0000 0000' })).toEqual({});
	});

	it('report a malformed phone number as such, not as a missing contact', () => {
		expect(profileErrors({ ...filled, phone: 'call me' })).toEqual({ phone: 'phone' });
	});
});
