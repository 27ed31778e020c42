// t0050-navigation.test.mjs - the main menu groups the modules by the work:
// each group is a disclosure that opens by keyboard (Enter on its summary)
// and works without script, shows only what the person's roles reach, marks
// where they are, and Escape closes it. axe-core checks the page with a
// group open.
import { test, assert, checkA11y, login, addUser } from './lib.mjs';

test('0050.1 the menu in groups, by keyboard, with where I am marked', async (t) => {
	const page = await t.page();
	await login(page);
	const menu = page.locator('nav.menu');
	const groups = await menu.locator('details > summary').allInnerTexts();
	assert.deepEqual(groups, ['Tillgångar och klassning', 'Risk och kontinuitet', 'Dataskydd', 'Incidenter', 'Planer och uppföljning', 'Granskning och kontroll', 'Styrdokument och utbildning', 'Administration']);
	// Closed groups hide their links.
	assert.equal(await menu.locator('a[href="/assets"]').isVisible(), false);

	// Open a group by keyboard and follow a link in it.
	await menu.locator('summary', { hasText: 'Tillgångar och klassning' }).focus();
	await page.keyboard.press('Enter');
	assert.equal(await menu.locator('a[href="/assets"]').isVisible(), true);
	await checkA11y(page);
	// Opening another group closes the first (when its toggle event has run).
	await menu.locator('summary', { hasText: 'Administration' }).click();
	await menu.locator('a[href="/assets"]').waitFor({ state: 'hidden' });
	assert.equal(await menu.locator('a[href="/audit"]').isVisible(), true);
	// Escape closes it and gives focus back to its summary.
	await page.keyboard.press('Escape');
	await menu.locator('a[href="/audit"]').waitFor({ state: 'hidden' });

	await page.goto('/assets');
	const here = menu.locator('details.here > summary');
	assert.equal(await here.innerText(), 'Tillgångar och klassning');
	assert.equal(await menu.locator('a[aria-current="page"]').getAttribute('href'), '/assets');
	await checkA11y(page);
});

test('0050.2 a reader sees no administration', async (t) => {
	const s = await t.server();
	addUser(s.db, 'lena', 'reader', 'lena-reads-everything-2026');
	const page = await t.page();
	await login(page, 'lena', 'lena-reads-everything-2026');
	const groups = await page.locator('nav.menu details > summary').allInnerTexts();
	assert.deepEqual(groups, ['Tillgångar och klassning', 'Risk och kontinuitet', 'Dataskydd', 'Incidenter', 'Planer och uppföljning', 'Granskning och kontroll', 'Styrdokument och utbildning']);
	assert.equal(await page.locator('nav.menu a[href="/users"]').count(), 0);
	assert.equal(await page.locator('nav.menu a[href="/audit"]').count(), 0);
});
