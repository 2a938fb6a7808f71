import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import type { Database } from '../../src/lib/server/db/connect';
import type { ServerContext } from '../../src/lib/server/context';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import type { Role } from '../../src/lib/server/roles';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { insertUser } from '../../src/lib/server/auth/users';
import { api } from '../../src/lib/server/http/errors';
import {
	handleCatalogue,
	handleUpload,
	handleVersionFile
} from '../../src/lib/server/publishing/http';
import {
	createPublishToken,
	ownVersions,
	pendingVersions,
	reassignPack,
	reviewVersion,
	revokeKey,
	revokePublishToken
} from '../../src/lib/server/publishing/store';
import { generateKeyPair, type Ed25519KeyPair } from '../../src/lib/shared/crypto/index';
import { bufferSource, fingerprint } from '../../src/lib/shared/crypto/index';
import { rawZip } from '../unit/packfile/craft';
import { backends } from './support/backends';
import { testContext } from './support/server';
import { packFile } from './support/packs';

const MEDIA = 'application/vnd.linli.pack+zip';
const BASE = 'http://linli.test';

let keyA: Ed25519KeyPair;
let keyB: Ed25519KeyPair;
let v1: Uint8Array;
let v2: Uint8Array;
let v1OtherKey: Uint8Array;
let otherPack: Uint8Array;
let unsigned: Uint8Array;

beforeAll(async () => {
	keyA = await generateKeyPair();
	keyB = await generateKeyPair();
	v1 = await packFile({ id: 'first-aid-school', version: '1.2.0', privateKey: keyA.privateKey });
	v2 = await packFile({ id: 'first-aid-school', version: '1.3.0', privateKey: keyA.privateKey });
	v1OtherKey = await packFile({
		id: 'first-aid-school',
		version: '1.4.0',
		privateKey: keyB.privateKey
	});
	otherPack = await packFile({ id: 'ngo-pack', version: '1.2.0', privateKey: keyB.privateKey });
	unsigned = await packFile({ id: 'first-aid-school', version: '1.2.0' });
}, 60_000);

for (const backend of backends()) {
	describe(`publishing lesson packs (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let school: StaffUser;
		let ngo: StaffUser;
		let admin: StaffUser;
		let organizer: StaffUser;
		afterAll(() => backend.cleanup());

		const person = async (name: string, roles: Role[]): Promise<StaffUser> => {
			const email = `${name.toLowerCase()}@example.org`;
			const id = await insertUser(database.db, { email, name, passwordHash: 'x', roles });
			return { id, email, name, roles };
		};

		beforeEach(async () => {
			database = await backend.open();
			ctx = testContext(database, productionRegistry());
			school = await person('School', ['publisher']);
			ngo = await person('NGO', ['publisher']);
			admin = await person('Admin', ['admin']);
			organizer = await person('Organizer', ['organizer']);
		});

		const call = (
			handler: typeof handleUpload,
			path: string,
			init: RequestInit,
			user: StaffUser | null
		) => {
			const request = new Request(`${BASE}${path}`, init);
			return api(() => handler(ctx, { request, url: new URL(request.url), ip: '127.0.0.1', user }));
		};
		const upload = (
			bytes: Uint8Array,
			user: StaffUser | null,
			headers: Record<string, string> = {}
		) =>
			call(
				handleUpload,
				'/api/packs',
				{
					method: 'POST',
					headers: { 'content-type': MEDIA, ...headers },
					body: bufferSource(bytes)
				},
				user
			);
		const getCatalogue = (headers: Record<string, string> = {}) =>
			call(handleCatalogue, '/api/packs', { headers }, null);
		const getFile = (path: string, user: StaffUser | null = null) =>
			call(handleVersionFile, path, {}, user);

		it('upload, review, catalogue: nothing is listed before an admin approves it', async () => {
			const sent = await upload(v1, school);
			expect(sent.status).toBe(201);
			const body = await sent.json();
			expect(body).toMatchObject({
				id: 'first-aid-school',
				version: '1.2.0',
				status: 'pending',
				fingerprint: await fingerprint(keyA.publicKey)
			});
			expect(sent.headers.get('location')).toBe('/api/packs/first-aid-school/1.2.0.linlipack');
			// The same file again is no error.
			expect((await upload(v1, school)).status).toBe(200);

			let catalogue = await (await getCatalogue()).json();
			expect(catalogue.packs).toEqual([]);
			// Under review, the file is for its publisher and admins only.
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack')).status).toBe(404);
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack', ngo)).status).toBe(404);
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack', admin)).status).toBe(
				200
			);

			const waiting = await pendingVersions(database.db);
			expect(waiting.map((v) => [v.id, v.version, v.newPack, v.keyStatus])).toEqual([
				['first-aid-school', '1.2.0', true, 'pending']
			]);
			// Only an admin reviews.
			expect(await reviewVersion(database.db, school, 'first-aid-school', '1.2.0', 'approve')).toBe(
				false
			);
			expect(
				await reviewVersion(
					database.db,
					admin,
					'first-aid-school',
					'1.2.0',
					'approve',
					'Kowloon Primary School'
				)
			).toBe(true);

			const answer = await getCatalogue();
			expect(answer.status).toBe(200);
			expect(answer.headers.get('cache-control')).toContain('max-age');
			const etag = answer.headers.get('etag');
			expect(etag).toMatch(/^".+"$/);
			catalogue = await answer.json();
			expect(catalogue.packs).toHaveLength(1);
			expect(catalogue.packs[0]).toMatchObject({
				id: 'first-aid-school',
				version: '1.2.0',
				languages: ['en', 'zh-Hant', 'zh-Hans'],
				// The name the admin approved, not the one written in the pack.
				publisher: { name: 'Kowloon Primary School', verified: true },
				claimedPublisher: 'Linli tests',
				size: v1.byteLength
			});
			expect(catalogue.keys).toEqual([
				expect.objectContaining({
					fingerprint: await fingerprint(keyA.publicKey),
					name: 'Kowloon Primary School'
				})
			]);
			expect((await getCatalogue({ 'if-none-match': etag! })).status).toBe(304);

			const file = await getFile(catalogue.packs[0].file);
			expect(file.status).toBe(200);
			expect(file.headers.get('content-type')).toBe(MEDIA);
			expect(new Uint8Array(await file.arrayBuffer())).toEqual(v1);

			// A new version waits too; the catalogue keeps the approved one meanwhile.
			expect((await upload(v2, school)).status).toBe(201);
			expect((await getCatalogue({ 'if-none-match': etag! })).status).toBe(304);
			const second = await pendingVersions(database.db);
			expect(second.map((v) => [v.version, v.newPack, v.keyStatus])).toEqual([
				['1.3.0', false, 'approved']
			]);
			await reviewVersion(database.db, admin, 'first-aid-school', '1.3.0', 'approve');
			catalogue = await (await getCatalogue()).json();
			expect(catalogue.packs.map((p: { version: string }) => p.version)).toEqual(['1.3.0']);

			// Withdrawn: out of the catalogue, and listed so phones that hold it are told.
			await reviewVersion(database.db, admin, 'first-aid-school', '1.3.0', 'withdraw');
			catalogue = await (await getCatalogue()).json();
			expect(catalogue.packs.map((p: { version: string }) => p.version)).toEqual(['1.2.0']);
			expect(catalogue.withdrawn).toEqual([
				expect.objectContaining({ id: 'first-aid-school', version: '1.3.0' })
			]);
			expect((await getFile('/api/packs/first-aid-school/1.3.0.linlipack')).status).toBe(404);
			// An older version than the newest one is refused.
			const older = await upload(v1OtherKey, school);
			expect(older.status).toBe(409);
		});

		it('a revoked key takes its packs out of the catalogue and signs no more uploads', async () => {
			await upload(v1, school);
			await reviewVersion(database.db, admin, 'first-aid-school', '1.2.0', 'approve');
			const key = await fingerprint(keyA.publicKey);
			expect(await revokeKey(database.db, school, key)).toBe(false);
			expect(await revokeKey(database.db, admin, key)).toBe(true);
			expect(await revokeKey(database.db, admin, key)).toBe(false);
			const catalogue = await (await getCatalogue()).json();
			expect(catalogue.packs).toEqual([]);
			expect(catalogue.keys).toEqual([]);
			expect(catalogue.revokedKeys).toEqual([key]);
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack')).status).toBe(404);
			const refused = await upload(v2, school);
			expect(refused.status).toBe(409);
			expect((await refused.json()).error).toBe('key_revoked');
		});

		it('the same pack uploaded twice at once is stored once, and the second is told so', async () => {
			const answers = await Promise.all([upload(v1, school), upload(v1, school)]);
			expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
			const other = await Promise.all([upload(v2, school), upload(v2, school)]);
			expect(other.map((a) => a.status).sort()).toEqual([200, 201]);
			expect((await ownVersions(database.db, school.id)).map((v) => v.version)).toEqual([
				'1.3.0',
				'1.2.0'
			]);
		});

		it('a rejected version never reaches the catalogue', async () => {
			await upload(v1, school);
			expect(await reviewVersion(database.db, admin, 'first-aid-school', '1.2.0', 'reject')).toBe(
				true
			);
			expect(await reviewVersion(database.db, admin, 'first-aid-school', '1.2.0', 'approve')).toBe(
				false
			);
			expect((await (await getCatalogue()).json()).packs).toEqual([]);
			expect((await ownVersions(database.db, school.id))[0]?.status).toBe('rejected');
		});

		it('a pack id stays with the key that first published it unless an admin re-assigns it', async () => {
			expect((await upload(v1, school)).status).toBe(201);
			const wrongKey = await upload(v1OtherKey, school);
			expect(wrongKey.status).toBe(409);
			expect(await wrongKey.json()).toMatchObject({
				error: 'key_mismatch',
				fingerprint: await fingerprint(keyA.publicKey)
			});
			expect((await ownVersions(database.db, school.id)).map((v) => v.version)).toEqual(['1.2.0']);

			// The school's new key becomes known with a pack of its own, then an admin re-assigns.
			const schoolOther = await packFile({
				id: 'school-extra',
				version: '1.2.0',
				privateKey: keyB.privateKey
			});
			expect((await upload(schoolOther, school)).status).toBe(201);
			const newKey = await fingerprint(keyB.publicKey);
			expect(await reassignPack(database.db, school, 'first-aid-school', newKey)).toBe(false);
			expect(await reassignPack(database.db, admin, 'first-aid-school', newKey)).toBe(true);
			expect((await upload(v1OtherKey, school)).status).toBe(201);
		});

		it('a publisher cannot touch another publisher’s pack', async () => {
			expect((await upload(v1, school)).status).toBe(201);
			// Same id, another publisher's own key.
			const stolenId = await packFile({
				id: 'first-aid-school',
				version: '2.0.0',
				privateKey: keyB.privateKey
			});
			const answer = await upload(stolenId, ngo);
			expect(answer.status).toBe(403);
			expect((await answer.json()).error).toBe('not_your_pack');
			// Re-sending the other publisher's exact file is refused too.
			expect((await upload(v1, ngo)).status).toBe(403);
			// Nor can they use the school's key for a pack of their own.
			const withSchoolKey = await packFile({
				id: 'ngo-with-school-key',
				version: '1.2.0',
				privateKey: keyA.privateKey
			});
			expect((await upload(withSchoolKey, ngo)).status).toBe(409);
			// Each sees only their own packs; the file under review is not theirs to fetch.
			expect((await upload(otherPack, ngo)).status).toBe(201);
			expect((await ownVersions(database.db, ngo.id)).map((v) => v.id)).toEqual(['ngo-pack']);
			expect((await ownVersions(database.db, school.id)).map((v) => v.id)).toEqual([
				'first-aid-school'
			]);
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack', ngo)).status).toBe(404);
			expect((await getFile('/api/packs/first-aid-school/1.2.0.linlipack', school)).status).toBe(
				200
			);
		});

		it('residents, organizers and anonymous callers cannot upload; tokens work until withdrawn', async () => {
			expect((await upload(v1, null)).status).toBe(401);
			expect((await upload(v1, organizer)).status).toBe(403);
			expect((await upload(v1, admin)).status).toBe(403);
			expect((await upload(v1, null, { authorization: 'Bearer lpt_nope' })).status).toBe(401);
			// A session does not help a wrong token.
			expect((await upload(v1, school, { authorization: 'Bearer lpt_nope' })).status).toBe(401);

			const organizerToken = await createPublishToken(database.db, organizer.id, 'laptop');
			expect(
				(await upload(v1, null, { authorization: `Bearer ${organizerToken.token}` })).status
			).toBe(403);
			const token = await createPublishToken(database.db, school.id, 'laptop');
			const sent = await upload(v1, null, { authorization: `Bearer ${token.token}` });
			expect(sent.status).toBe(201);
			expect(await revokePublishToken(database.db, ngo.id, token.id)).toBe(false);
			expect(await revokePublishToken(database.db, school.id, token.id)).toBe(true);
			expect((await upload(v2, null, { authorization: `Bearer ${token.token}` })).status).toBe(401);
			expect((await ownVersions(database.db, school.id)).map((v) => v.version)).toEqual(['1.2.0']);
		});

		it('refuses bad files with translated problems, storing nothing', async () => {
			const refused = async (bytes: Uint8Array, code: string, lang = 'en') => {
				const answer = await upload(bytes, school, { 'accept-language': lang });
				expect(answer.status).toBe(422);
				const body = await answer.json();
				expect(body.error).toBe('invalid_pack');
				const problem = body.problems.find((p: { code: string }) => p.code === code);
				expect(problem, JSON.stringify(body.problems)).toBeDefined();
				expect(problem.message).toBeTruthy();
				expect(problem.message).not.toBe(code);
				return problem.message as string;
			};
			await refused(unsigned, 'packfile.signature.missing');
			const zh = await refused(unsigned, 'packfile.signature.missing', 'zh-Hant');
			expect(zh).toMatch(/[\u4e00-\u9fff]/);
			await refused(new Uint8Array([1, 2, 3, 4, 5]), 'packfile.archive.corrupt');
			// Path traversal and an absolute name.
			await refused(
				rawZip([{ name: '../evil.json', data: new TextEncoder().encode('{}') }]),
				'packfile.entry.traversal'
			);
			await refused(
				rawZip([{ name: '/etc/passwd', data: new TextEncoder().encode('x') }]),
				'packfile.entry.absolute'
			);
			// A zip bomb: declares more than the limit before anything is inflated.
			await refused(
				rawZip([{ name: 'en.json', data: new Uint8Array(10), declaredSize: 20 * 1024 * 1024 }]),
				'packfile.entry.tooLarge'
			);
			// Lesson text changed after signing: the hash no longer matches.
			const entries = unzipSync(v1);
			const en = new TextDecoder().decode(entries['en.json']);
			entries['en.json'] = new TextEncoder().encode(en.replace('kit', 'kat'));
			await refused(zipSync(entries), 'packfile.hash.mismatch');

			expect(await ownVersions(database.db, school.id)).toEqual([]);
			expect((await (await getCatalogue()).json()).packs).toEqual([]);
		});

		it('checks the request itself: type and size', async () => {
			expect((await upload(v1, school, { 'content-type': 'application/json' })).status).toBe(415);
			const big = await upload(new Uint8Array(25 * 1024 * 1024 + 1), school);
			expect(big.status).toBe(413);
			expect((await upload(new Uint8Array(0), school)).status).toBe(400);
		});
	});
}
