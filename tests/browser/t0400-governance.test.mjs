// t0400-governance.test.mjs - governing documents and training in a real
// browser, in the Swedish interface, on the demo municipality: a routine
// registered (a routine in force without its decision date is refused,
// naming the field), linked to a requirement of the library, seen overdue
// on its page, on the list and on the owner's start page; a course made
// mandatory for managers; completions imported from a CSV file after a dry
// run that lists the bad row; the coverage page with its chart. Then the
// lists of training sorted and filtered, and a routine of the whole
// municipality asking the people of one administration to read it, shown
// with that unit and on the page those asked read it from. axe-core checks
// every page visited (WCAG 2.1 A and AA).
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

async function optionValue(page, select, text)
{
	const values = await page.$$eval(`${select} option`, (os, t) =>
		os.filter((o) => o.textContent.includes(t)).map((o) => o.value), text);
	assert.ok(values.length >= 1, `an option of ${select} names ${text}`);
	return values[0];
}

test('0400.1 a routine from registration to due, linked to a requirement; completions imported', async (t) => {
	const server = await t.server({ admin: false });
	const demo = runTillit(server.db, ['demo']);
	const password = demo.match(/^\s*admin\s+(\S+)/m)[1];
	const page = await t.page();
	await login(page, 'admin', password);

	// --- 1. A routine: in force without a decision date is refused, naming the field. ---
	await page.goto('/governing-documents/new');
	assert.equal(await page.locator('h1').innerText(), 'Nytt styrdokument');
	await checkA11y(page);
	await page.fill('#f-title', 'Rutin för incidenthantering');
	await page.selectOption('#f-kind', 'routine');
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Kommunledningsförvaltningen'));
	await page.selectOption('#f-status', 'in_force');
	await page.fill('#f-decided_by', 'Kommundirektören');
	await page.fill('#f-case_ref', 'KS 2024/88');
	await page.fill('#f-review_months', '12');
	const bad = await submit(page, 'form[action="/governing-documents"]');
	assert.equal(bad.status(), 400);
	assert.equal(await page.locator('.error-summary a[href="#f-decision_date"]').count(), 1);
	assert.equal(await page.inputValue('#f-title'), 'Rutin för incidenthantering', 'what was typed is kept');
	await checkA11y(page);
	await page.fill('#f-decision_date', '2024-01-31');
	await submit(page, 'form[action="/governing-documents"]');
	assert.equal(await page.locator('h1').innerText(), 'Rutin för incidenthantering');
	const details = await page.locator('main dl.details').innerText();
	assert.match(details, /Nästa översyn\s+2025-01-31/);
	assert.match(await page.locator('.notice').innerText(), /Dokumentets översyn är försenad/);
	await checkA11y(page);

	// --- 2. It meets a requirement of the library. ---
	const docUrl = new URL(page.url()).pathname;
	const req = await page.$$eval('#f-requirement_id option', (os) => os.find((o) => o.value).value);
	await page.selectOption('#f-requirement_id', req);
	await submit(page, `form[action="${docUrl}/requirements"]`);
	assert.equal(await page.locator('#requirements + ul li').count(), 1);
	await checkA11y(page);

	// --- 3. Due: on the list, and on the owner's start page. ---
	await page.goto('/governing-documents?due=overdue');
	assert.match(await page.locator('main table').innerText(), /Rutin för incidenthantering/);
	await checkA11y(page);
	await page.goto('/');
	assert.match(await page.locator('main').innerText(), /Rutin för incidenthantering/);

	// --- 4. A course mandatory for managers; completions imported after a dry run. ---
	await page.goto('/training/courses/new');
	await checkA11y(page);
	await page.fill('#f-title', 'Grundkurs i informationssäkerhet');
	await page.fill('#f-provider', 'MSB');
	await page.fill('#f-validity_months', '24');
	await page.selectOption('#f-group_ids', [await optionValue(page, '#f-group_ids', 'Chefer')]);
	await submit(page, 'form[action="/training/courses"]');
	assert.equal(await page.locator('h1').innerText(), 'Grundkurs i informationssäkerhet');
	await checkA11y(page);
	await page.goto('/training/import');
	await checkA11y(page);
	const badCsv = 'Kurs;Person;Datum;Enhet\nGrundkurs i informationssäkerhet;admin;2026-01-10;Kommunledningsförvaltningen\nOkänd kurs;admin;2026-01-10;Kommunledningsförvaltningen\n';
	await page.setInputFiles('#f-file', { name: 'lms.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
	const dry = await submit(page, 'form[action="/training/import"]');
	assert.equal(dry.status(), 400);
	assert.match(await page.getByRole('table', { name: 'Fel i filen' }).innerText(), /3\s+Kurs\s+Det finns ingen kurs Okänd kurs i Tillit/);
	await checkA11y(page);
	const goodCsv = 'Kurs;Person;Datum;Enhet\nGrundkurs i informationssäkerhet;admin;2026-01-10;Kommunledningsförvaltningen\n';
	await page.setInputFiles('#f-file', { name: 'lms.csv', mimeType: 'text/csv', buffer: Buffer.from(goodCsv) });
	await page.uncheck('#f-dry_run');
	await submit(page, 'form[action="/training/import"]');
	assert.match(await page.locator('.notice').innerText(), /Importerat: 1 rader/);
	await page.goto('/training/completions');
	assert.match(await page.locator('main table').first().innerText(), /Grundkurs i informationssäkerhet/);
	await checkA11y(page);
	await page.goto('/training');
	assert.equal(await page.locator('h1').innerText(), 'Utbildningstäckning');
	await checkA11y(page);
});

test('0400.2 the training lists, and a round asking the people of one unit', async (t) => {
	const server = await t.server({ admin: false });
	const demo = runTillit(server.db, ['demo']);
	const password = demo.match(/^\s*admin\s+(\S+)/m)[1];
	const page = await t.page();
	await login(page, 'admin', password);

	// --- 1. The lists filter, sort and offer their downloads. ---
	await page.goto('/training/courses?sort=provider');
	assert.equal(await page.locator('h1').innerText(), 'Kurser');
	assert.equal(await page.inputValue('#f-sort'), 'provider');
	assert.equal(await page.locator('a[href="/training/courses/export?sort=provider&format=csv"]').count(), 1);
	await checkA11y(page);
	await page.goto('/training/missing?state=never');
	assert.equal(await page.locator('h1').innerText(), 'Personer som saknar en obligatorisk kurs');
	await checkA11y(page);
	await page.goto('/training/counts?sort=unit');
	assert.equal(await page.locator('h1').innerText(), 'Räknat per enhet');
	await checkA11y(page);
	await page.goto('/training/completions?sort=person');
	assert.equal(await page.inputValue('#f-sort'), 'person');
	await checkA11y(page);
	await page.goto('/training/groups');
	await Promise.all([page.waitForNavigation(), page.click('main h2 a')]);
	assert.match(new URL(page.url()).pathname, /^\/training\/groups\/\d+$/);
	await checkA11y(page);

	// --- 2. A routine of the whole municipality asks one administration to read it. ---
	await page.goto('/governing-documents/new');
	await page.fill('#f-title', 'Rutin för loggning');
	await page.selectOption('#f-kind', 'routine');
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Ekdala kommun'));
	await page.selectOption('#f-status', 'in_force');
	await page.fill('#f-decision_date', '2026-01-15');
	await page.fill('#f-review_months', '24');
	await submit(page, 'form[action="/governing-documents"]');
	const docUrl = new URL(page.url()).pathname;
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Kommunledningsförvaltningen'));
	await submit(page, `form[action="${docUrl}/rounds"]`);
	assert.match(await page.locator('#acknowledgements ~ table caption').first().innerText(), /Kommunledningsförvaltningen/);
	await checkA11y(page);
	await page.goto(docUrl.replace('/governing-documents/', '/governing-documents/read/'));
	assert.equal(await page.locator('h1').innerText(), 'Rutin för loggning');
	await checkA11y(page);
});
