// t0400-sign-in.test.mjs - signing in through an OpenID Connect provider
// (the test provider, tillit-fakeidp, on 127.0.0.1) and setting up
// two-factor sign-in with a TOTP app, in a real browser; axe-core checks
// every page on the way.
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, assert, checkA11y, login, runTillit, startFakeIdp } from './lib.mjs';

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

test('0400.1 sign in with the organisation\'s provider, sign out there too', async (t) => {
	const idp = await startFakeIdp('tillit', 's3cret', 'anna.a');
	t.defer(() => idp.stop());
	await t.server({
		publicUrl: true,
		env: { FAKEIDP_SECRET: 's3cret' },
		before: (db, dir) => {
			const csv = join(dir, 'personal.csv');
			writeFileSync(csv, 'identifier;name;email;unit;active\nanna.a;Anna Andersson;anna@ekdala.se;;ja\n');
			runTillit(db, ['user', 'import', csv]);
			runTillit(db, ['signin', 'provider', 'add', '--slug', 'ekdala', '--name', 'Ekdala kommun', '--issuer',
				       idp.issuer, '--client-id', 'tillit', '--secret', 'env:FAKEIDP_SECRET']);
		},
	});
	const page = await t.page();
	await page.goto('/login');
	await checkA11y(page);
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('text=Logga in med Ekdala kommun')]);
	assert.match(await page.content(), /Anna Andersson/);
	await checkA11y(page);

	await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] [type="submit"]')]);
	assert.match(await page.locator('h1').innerText(), /loggat ut från Tillit/);
	assert.ok(await page.isVisible(`a[href^="${idp.issuer}/logout"]`), 'the provider\'s end-session link');
	await checkA11y(page);
});

test('0400.2 set up two-factor sign-in, then sign in with a code', async (t) => {
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
