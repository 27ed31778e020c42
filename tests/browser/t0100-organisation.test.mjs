// t0100-organisation.test.mjs - the first whole flow in a real browser: sign
// in, create an organisation and a board below it, find the board in the
// tree, meet a form error, edit and move, look at users, the account page and
// the audit trail, sign out. axe-core checks every page visited (WCAG 2.1 A
// and AA; serious or critical violations fail the test).
import { test, assert, checkA11y, login } from './lib.mjs';

test('0100.1 create a unit and find it in the tree, axe on every page', async (t) => {
	const page = await t.page();
	await login(page);
	assert.match(await page.locator('h1').innerText(), /Översikt/);
	await checkA11y(page);

	await page.goto('/units');
	await checkA11y(page);
	await page.click('a[href="/units/new"]');
	await page.waitForSelector('#f-name');
	await checkA11y(page);

	// A form error: the name is required. The browser's own check is bypassed
	// so that the server's answer is what is tested.
	await page.$eval('form[action="/units"]', (f) => f.setAttribute('novalidate', ''));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/units"] [type="submit"]')]);
	assert.ok(await page.isVisible('.error-summary'), 'the error summary is shown');
	assert.equal(await page.getAttribute('#f-name', 'aria-invalid'), 'true');
	await checkA11y(page);

	await page.fill('#f-name', 'Testkommun');
	await page.fill('#f-code', 'TK');
	await Promise.all([page.waitForNavigation(), page.click('form[action="/units"] [type="submit"]')]);
	assert.equal(await page.locator('h1').innerText(), 'Testkommun');
	assert.ok(await page.isVisible('.flash'));
	await checkA11y(page);

	// A board below the organisation.
	await Promise.all([page.waitForNavigation(), page.click('a[href^="/units/new?parent_id="]')]);
	await page.selectOption('#f-kind', 'board');
	await page.fill('#f-name', 'Socialnämnden');
	await page.fill('#f-case_prefix', 'SN');
	await Promise.all([page.waitForNavigation(), page.click('form[action="/units"] [type="submit"]')]);
	assert.equal(await page.locator('h1').innerText(), 'Socialnämnden');
	const boardUrl = new URL(page.url()).pathname;

	// Found in the tree, below its organisation.
	await page.goto('/units');
	const nested = page.locator('.tree li:has(> a:text-is("Testkommun")) li > a:text-is("Socialnämnden")');
	assert.equal(await nested.count(), 1, 'the board is listed under Testkommun');
	await Promise.all([page.waitForNavigation(), nested.click()]);
	assert.equal(new URL(page.url()).pathname, boardUrl);

	// Edit and move pages.
	await page.goto(boardUrl + '/edit');
	await page.fill('#f-contact', 'Sam Berg, samordnare');
	await Promise.all([page.waitForNavigation(), page.click('main form [type="submit"]')]);
	assert.match(await page.locator('dl.details').innerText(), /Sam Berg, samordnare/);
	await page.goto(boardUrl + '/move');
	await checkA11y(page);

	// Users, one user, the account page, the audit trail and one entry.
	for (const path of ['/users', '/users/1', '/users/new', '/account', '/audit', '/audit/1']) {
		const res = await page.goto(path);
		assert.equal(res.status(), 200, path);
		await checkA11y(page);
	}
	const audit = await page.goto('/audit?entity=unit');
	assert.equal(audit.status(), 200);
	assert.match(await page.locator('main table').innerText(), /Socialnämnden|Testkommun|\d/);

	// Sign out: the tree is no longer reachable.
	await Promise.all([page.waitForNavigation(), page.click('header form[action="/logout"] [type="submit"]')]);
	await page.goto('/units');
	assert.match(new URL(page.url()).pathname, /^\/login/);
	// (the deliberate 400 above is logged by the browser, so no expectNoErrors here)
});

test('0100.2 the interface in English, chosen before signing in', async (t) => {
	const page = await t.page();
	await page.goto('/login');
	assert.equal(await page.getAttribute('html', 'lang'), 'sv');
	await Promise.all([page.waitForNavigation(), page.click('form.lang button')]);
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	assert.match(await page.locator('h1').innerText(), /Sign in/);
	await checkA11y(page);
});
