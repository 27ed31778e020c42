// t0600-workspace.test.mjs - the start page as a workspace and the bulk
// self-assessment, in a real browser, in the Swedish interface, on the demo
// municipality: the system owner's "Att göra" (requirements to assess on
// their systems, classifications to make, activities), each item a link; the
// requirements of one system assessed on one page with the filter "only
// those not assessed", saved together; a second tab's stale save refused
// naming the row, nothing lost; the start page counting what is left; the
// coordinator's key figures and what is overdue in their units; a list
// sorted by a click on its heading; no page wider than a 1366 px screen; a
// dependency's other end suggested from the API as one types, and a new
// information set made from a system's page. axe-core checks every page
// (WCAG 2.1 A and AA).
import { test, assert, checkA11y, demoAccounts, login, runTillit } from './lib.mjs';

/** Submit the form matched by @formSel (its first submit button, or @buttonSel) and wait for the next page. */
async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

/** The page is no wider than the window: nothing to scroll sideways. */
async function noSidewaysScroll(page)
{
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
	assert.ok(scroll <= client, `${page.url()} is ${scroll} px wide in a ${client} px window`);
}

test('0600.1 the start page says what to do, and the requirements are assessed on one page', async (t) => {
	let pw = {};
	await t.server({ admin: false, before: (db) => { pw = demoAccounts(runTillit(db, ['demo'])); } });
	assert.ok(pw.agare && pw.samordnare, 'the demo prints its accounts');
	const page = await t.page({ viewport: { width: 1366, height: 768 } });

	// --- 1. The system owner's start page. ---
	await login(page, 'agare', pw.agare);
	assert.equal(new URL(page.url()).pathname, '/');
	const todo = page.locator('main section[aria-labelledby="tasks-h"]');
	assert.match(await todo.locator('h2').innerText(), /Att göra/);
	const assess = todo.locator('section.todo', { hasText: 'Krav att bedöma' });
	const rows = assess.locator('tbody tr');
	assert.ok(await rows.count() >= 1, 'a system with requirements to assess');
	const first = rows.first();
	const before = Number((await first.locator('td').first().innerText()).match(/(\d+) ej bedömda/)[1]);
	assert.ok(before > 3);
	const link = first.locator('th a');
	const href = await link.getAttribute('href');
	assert.match(href, /^\/assets\/\d+\/requirements\/assess\?status=none$/);
	const system = await link.innerText();
	// Empty groups say what to do next, with a link.
	assert.equal(await todo.locator('section.todo', { hasText: 'Väntar på din signatur' }).locator('p a').count(), 1);
	await noSidewaysScroll(page);
	await checkA11y(page);

	// --- 2. Assess the requirements not yet assessed, on one page. ---
	await Promise.all([page.waitForNavigation(), link.click()]);
	assert.match(await page.locator('h1').innerText(), new RegExp(system));
	assert.equal(await page.locator('#f-status').inputValue(), 'none', 'only those not assessed');
	const selects = page.locator('main form[method="post"] select[name^="s_"]');
	const shown = await selects.count();
	assert.equal(shown, before, 'every requirement not assessed is on the page');
	await noSidewaysScroll(page);
	await checkA11y(page);
	const names = [];
	for (let i = 0; i < 3; i++) {
		const name = await selects.nth(i).getAttribute('name');
		names.push(name.slice(2));
		await selects.nth(i).selectOption(i === 2 ? 'not_fulfilled' : 'fulfilled');
		await page.fill(`#f-c_${names[i]}`, `Bedömd i webbläsaren ${i + 1}`);
	}
	// A second tab opens the same page before the first saves.
	const other = await t.page({ viewport: { width: 1366, height: 768 } });
	await login(other, 'agare', pw.agare);
	await other.goto(href);
	await submit(page, 'main form[method="post"]');
	assert.match(new URL(page.url()).pathname, /^\/assets\/\d+\/requirements$/);
	assert.match(await page.locator('.flash').innerText(), /\S/);
	await checkA11y(page);

	// --- 3. The second tab's stale save is refused, naming the row; what was typed is kept. ---
	await other.selectOption(`#f-s_${names[0]}`, 'partial');
	await other.fill(`#f-c_${names[0]}`, 'Från den andra fliken');
	await submit(other, 'main form[method="post"]');
	const summary = other.locator('.error-summary');
	assert.match(await summary.innerText(), /Inget sparades/);
	assert.equal(await summary.locator(`a[href="#f-s_${names[0]}"]`).count(), 1, 'the summary links to the row');
	assert.equal(await other.locator(`#f-c_${names[0]}`).inputValue(), 'Från den andra fliken');
	assert.equal(await other.locator(`#f-s_${names[0]}`).inputValue(), 'partial');
	assert.match(await other.locator(`#req-${names[0]} .theirs`).innerText(), /Bedömd i webbläsaren 1/);
	await checkA11y(other);

	// --- 4. Filters: a category, and everything assessed. ---
	await page.goto(href.replace('status=none', 'status=not_fulfilled'));
	assert.equal(await page.locator('main form[method="post"] select[name^="s_"]').count(), 1);
	assert.equal(await page.locator(`#f-s_${names[2]}`).inputValue(), 'not_fulfilled');
	const category = await page.$$eval('#f-category option', (os) => os.map((o) => o.value).filter((v) => v)[0]);
	await page.selectOption('#f-status', '');
	await page.selectOption('#f-category', category);
	await submit(page, 'main form.filters');
	assert.match(page.url(), new RegExp(`category=${category}`));
	await checkA11y(page);

	// --- 5. The start page counts what is left. ---
	await page.goto('/');
	const row = page.locator('main section.todo', { hasText: 'Krav att bedöma' }).locator('tbody tr', { hasText: system });
	const after = Number((await row.locator('td').first().innerText()).match(/(\d+) ej bedömda/)[1]);
	assert.equal(after, before - 3);
	assert.match(await row.locator('td').first().innerText(), /1 ej eller delvis uppfyllda/);

	// --- 6. The coordinator: the key figures of the organisation and what is overdue there. ---
	const coord = await t.page({ viewport: { width: 1366, height: 768 } });
	await login(coord, 'samordnare', pw.samordnare);
	const scope = coord.locator('main section[aria-labelledby="scope-h"]');
	assert.match(await scope.locator('h2').innerText(), /I dina verksamheter/);
	assert.ok(await scope.locator('table tbody tr').count() >= 9, 'the key figures');
	assert.match(await scope.locator('table caption').innerText(), /Nyckeltalen: /);
	const figureLink = await scope.locator('table tbody tr th a').first().getAttribute('href');
	await noSidewaysScroll(coord);
	await checkA11y(coord);
	await coord.goto(figureLink);
	await checkA11y(coord);

	// --- 7. Lists: sorted by a click on a heading, no wider than the screen. ---
	await coord.goto('/assets');
	const kind = coord.locator('main thead th', { hasText: 'Typ' });
	await Promise.all([coord.waitForNavigation(), kind.locator('a.sort').click()]);
	assert.match(coord.url(), /sort=kind/);
	assert.equal(await coord.locator('main thead th[aria-sort="ascending"]').innerText(), 'Typ ▲');
	await Promise.all([coord.waitForNavigation(), coord.locator('main thead th[aria-sort] a.sort').click()]);
	assert.match(coord.url(), /order=desc/);
	assert.equal(await coord.locator('main thead th[aria-sort]').getAttribute('aria-sort'), 'descending');
	await noSidewaysScroll(coord);
	await checkA11y(coord);
	for (const list of ['/activities', '/risks', '/incidents', '/units', '/requirements']) {
		await coord.goto(list);
		await noSidewaysScroll(coord);
	}

	// --- 8. Type-ahead: the other end of a dependency is suggested from the API as one types. ---
	const social = 'Verksamhetssystem socialtjänst'; /* a system of the demo */
	await coord.goto(`/assets?q=${encodeURIComponent(social)}`);
	await Promise.all([coord.waitForNavigation(),
			   coord.locator('main tbody th a', { hasText: social }).first().click()]);
	assert.equal(await coord.getAttribute('#f-link_q', 'list'), 'dl-link_q');
	await coord.fill('#f-link_q', 'Person');
	await coord.waitForFunction(() => document.querySelectorAll('#dl-link_q option').length > 0);
	assert.match(await coord.$eval('#dl-link_q option', (o) => o.value), /Person/);
	// And a new information set it holds, made from its page.
	await coord.fill('#f-name', 'Leverantörsreskontra');
	await submit(coord, 'main form[action$="/information-sets"]');
	assert.match(await coord.locator('#dependencies').innerText(), /Leverantörsreskontra/);
	await checkA11y(coord);
	assert.deepEqual(coord.tillitErrors, []);
});
