// t0400-sign-in.test.mjs - signing in through an OpenID Connect provider and
// setting up two-factor sign-in with a TOTP app, in a real browser; axe-core
// checks every page of Tillit on the way.
//
// The provider is a real, certified one: panva's oidc-provider, configured
// and started on 127.0.0.1 by oidc-provider.mjs. Tillit finds it through its
// discovery document; the person signs in on the provider's own page. (Tokens
// no real provider would issue, forged or expired ones, are the C tests' part:
// tests/http/test_signin.c with tests/harness/fakeidp.c.)
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';
import { ACCOUNTS, startOidcProvider } from './oidc-provider.mjs';

const SECRET = 'provider-client-secret-1';

// RFC 6238 with SHA-1, six digits, 30-second steps: what an authenticator app shows at @when (ms).
function totp(base32, when)
{
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of base32.replace(/=+$/, ''))
		bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const key = Buffer.alloc(Math.floor(bits.length / 8));
	for (let i = 0; i < key.length; i++)
		key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(when / 1000 / 30)));
	const h = createHmac('sha1', key).update(counter).digest();
	const o = h[h.length - 1] & 15;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/*
 * A Tillit server that knows Anna (from the staff directory) and signs in
 * through the provider, which is started once Tillit's address is known and
 * set up with `tillit signin` as an administrator would. @alg signs the ID
 * tokens; @groups adds the groups claim and maps @groups' pairs of
 * [group, role] to suggested roles.
 */
async function withProvider(t, { alg = 'RS256', groups = null } = {})
{
	const server = await t.server({
		publicUrl: true,
		env: { TILLIT_OIDC_SECRET: SECRET },
		before: (db, dir) => {
			const csv = join(dir, 'personal.csv');
			writeFileSync(csv, 'identifier;name;email;unit;active\nanna.a;Anna Andersson;anna@ekdala.se;;ja\n');
			runTillit(db, ['user', 'import', csv]);
		},
	});
	const op = await startOidcProvider({ rpUrl: server.url, clientSecret: SECRET, alg });
	t.defer(() => op.stop());
	runTillit(server.db, ['signin', 'provider', 'add', '--slug', 'ekdala', '--name', 'Ekdala kommun',
			      '--issuer', op.issuer, '--client-id', 'tillit', '--secret', 'env:TILLIT_OIDC_SECRET',
			      '--scopes', 'openid profile email groups',
			      ...(groups ? ['--groups-claim', 'groups'] : [])]);
	for (const [group, role] of groups || [])
		runTillit(server.db, ['signin', 'group', 'add', 'ekdala', group, role]);
	return { server, op };
}

/*
 * From Tillit's sign-in page through the provider's: resolves once the
 * provider has sent the browser back to Tillit's callback, and, when @signedIn,
 * once that page has moved on to the start page.
 */
async function signInAtProvider(page, op, who, signedIn = true)
{
	await page.goto('/login');
	await Promise.all([page.waitForURL((u) => u.href.startsWith(`${op.issuer}/interaction/`)),
			   page.click('text=Logga in med Ekdala kommun')]);
	await page.fill('input[name="login"]', who);
	await page.fill('input[name="password"]', ACCOUNTS[who].password);
	await Promise.all([page.waitForURL((u) => u.pathname === (signedIn ? '/' : '/login/oidc/callback')),
			   page.click('button[type="submit"]')]);
}

test('0400.1 sign in at the organisation\'s identity provider, sign out there too', async (t) => {
	const { op } = await withProvider(t);
	const page = await t.page();
	await page.goto('/login');
	await checkA11y(page);
	await signInAtProvider(page, op, 'anna.a');
	assert.equal(new URL(page.url()).pathname, '/');
	assert.match(await page.content(), /Anna Andersson/);
	await checkA11y(page);

	// Signing out of Tillit offers the provider's end-session endpoint (from its discovery document).
	await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] [type="submit"]')]);
	assert.match(await page.locator('h1').innerText(), /loggat ut från Tillit/);
	await checkA11y(page);
	const end = page.locator(`a[href^="${op.issuer}/session/end?client_id=tillit"]`);
	assert.ok(await end.isVisible(), 'the provider\'s end-session link');
	await Promise.all([page.waitForURL((u) => u.href.startsWith(op.issuer)), end.click()]);
	await Promise.all([page.waitForURL((u) => u.pathname === '/login' && !u.href.startsWith(op.issuer)),
			   page.click('button[name="logout"]')]);
	// Signed out at the provider as well: signing in again asks for the password again.
	await Promise.all([page.waitForURL((u) => u.href.startsWith(`${op.issuer}/interaction/`)),
			   page.click('text=Logga in med Ekdala kommun')]);
	assert.ok(await page.isVisible('input[name="password"]'), 'the provider asks for the password again');
});

test('0400.2 someone the provider knows but Tillit does not is refused', async (t) => {
	const { op } = await withProvider(t);
	const page = await t.page();
	await signInAtProvider(page, op, 'bertil.b', false);
	assert.match(await page.locator('[role="alert"]').innerText(), /Ekdala kommun.*inget konto/s);
	await checkA11y(page);
	await page.goto('/');
	assert.equal(new URL(page.url()).pathname, '/login', 'no session was opened');
});

test('0400.3 an ID token signed with ES256', async (t) => {
	const { op } = await withProvider(t, { alg: 'ES256' });
	const page = await t.page();
	await signInAtProvider(page, op, 'anna.a');
	assert.equal(new URL(page.url()).pathname, '/');
	assert.match(await page.content(), /Anna Andersson/);
});

test('0400.4 a group at the provider suggests a role, an administrator grants it with one click', async (t) => {
	const { op } = await withProvider(t, { groups: [['ekdala-dataskydd', 'dpo'], ['ekdala-it-sakerhet', 'auditor']] });
	const anna = await t.page();
	await signInAtProvider(anna, op, 'anna.a');
	// Signed in, but the group granted nothing.
	assert.equal((await anna.goto('/units')).status(), 403);

	const admin = await t.page();
	await login(admin);
	await admin.goto('/role-suggestions');
	await checkA11y(admin);
	const row = admin.locator('tbody tr', { hasText: 'Anna Andersson' });
	assert.equal(await row.count(), 1, 'one suggestion: Anna carries one mapped group');
	assert.match(await row.innerText(), /Dataskyddsombud.*Hela installationen.*ekdala-dataskydd.*Ekdala kommun/s);
	const annasPage = await row.locator('a[href^="/users/"]').getAttribute('href');
	// The same suggestion on Anna's page, with the same two buttons.
	await admin.goto(annasPage);
	assert.equal(await admin.locator('form[action^="/role-suggestions/"]').count(), 2);
	await checkA11y(admin);
	await admin.goto('/role-suggestions');
	await Promise.all([admin.waitForNavigation(),
			   admin.locator('tbody tr', { hasText: 'Anna Andersson' }).locator('form[action$="/grant"] button').click()]);
	assert.match(await admin.locator('[role="status"]').innerText(), /Rollen har tilldelats/);
	assert.equal(await admin.locator('tbody tr', { hasText: 'Anna Andersson' }).count(), 0);

	// Anna's page: the role granted, no suggestion left; and Anna has the role's access at once.
	await admin.goto(annasPage);
	assert.match(await admin.locator('table').first().innerText(), /Dataskyddsombud/);
	assert.equal(await admin.locator('form[action^="/role-suggestions/"]').count(), 0);
	await checkA11y(admin);
	assert.equal((await anna.goto('/units')).status(), 200);
});

test('0400.9 set up two-factor sign-in, then sign in with a code', async (t) => {
	const page = await t.page();
	await login(page);
	await page.goto('/account/two-factor');
	await checkA11y(page);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/account/two-factor/setup"] [type="submit"]')]);
	assert.ok(await page.isVisible('svg.qr'), 'the QR code');
	await checkA11y(page);
	const key = (await page.locator('code.totp-key').innerText()).trim();
	await page.fill('input[name="code"]', totp(key, Date.now()));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/account/two-factor/confirm"] [type="submit"]')]);
	assert.equal(await page.locator('.recovery-codes li').count(), 10);
	await checkA11y(page);

	await page.goto('/');
	await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] [type="submit"]')]);
	await login(page);
	assert.equal(new URL(page.url()).pathname, '/login/code');
	await checkA11y(page);
	// The next step's code: the one just used is never accepted twice.
	await page.fill('input[name="code"]', totp(key, Date.now() + 30000));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/login/code"] [type="submit"]')]);
	assert.equal(new URL(page.url()).pathname, '/');
	await checkA11y(page);
});
