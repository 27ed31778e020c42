// t0400-audits.test.mjs - an audit and a board's response to it, from the
// audit to the document, in a real browser in the Swedish interface: an
// organisation and a board, the audit registered with a recommendation, a
// response written with an action area and a measure (a form error on the
// way), the measure overdue and flagged, the document shown and downloaded
// as DOCX, the response approved and then frozen, and the list of open
// recommendations with the overdue flag. axe-core checks every page visited
// (WCAG 2.1 A and AA; serious or critical violations fail the test).
import { test, assert, checkA11y, login } from './lib.mjs';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

function pathOf(page)
{
	return new URL(page.url()).pathname;
}

async function optionValue(page, select, text)
{
	const values = await page.$$eval(`${select} option`, (os, t) =>
		os.filter((o) => o.textContent.includes(t)).map((o) => o.value), text);
	assert.ok(values.length >= 1, `an option of ${select} names ${text}`);
	return values[0];
}

test('0400.1 an audit, a response with its measures, the document, approval; axe on every page', async (t) => {
	const page = await t.page();

	// --- 1. An organisation and a board. ---
	await login(page);
	await page.goto('/units/new');
	await page.fill('#f-name', 'Testkommun');
	await submit(page, 'form[action="/units"]');
	await Promise.all([page.waitForNavigation(), page.click('a[href^="/units/new?parent_id="]')]);
	await page.selectOption('#f-kind', 'board');
	await page.fill('#f-name', 'Kommunstyrelsen');
	await submit(page, 'form[action="/units"]');
	const boardUrl = pathOf(page);

	// --- 2. The audit, from the menu. ---
	await page.goto('/inspections');
	assert.equal(await page.locator('h1').innerText(), 'Granskningar');
	await checkA11y(page);
	await submit(page, 'main', 'a[href="/inspections/new"]');
	await checkA11y(page);
	await page.fill('#f-title', 'Granskning av IT-säkerhet');
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Testkommun'));
	await page.fill('#f-auditor', 'Stadsrevisionen');
	await page.fill('#f-report_date', '2020-12-01');
	await page.fill('#f-case_ref', 'SR-2020-83');
	await page.selectOption('#f-board_ids', await optionValue(page, '#f-board_ids', 'Kommunstyrelsen'));
	await submit(page, 'form[action="/inspections"]');
	const auditUrl = pathOf(page);
	assert.match(auditUrl, /^\/inspections\/\d+$/);
	assert.equal(await page.locator('h1').innerText(), 'Granskning av IT-säkerhet');
	await checkA11y(page);

	// --- 3. A recommendation to the board. ---
	await page.click('summary:has-text("Lägg till en rekommendation")');
	await page.fill('form[action$="/recommendations"] #f-text', 'Etablera en organisation med tydligt ansvar.');
	await page.selectOption('form[action$="/recommendations"] #f-board_ids',
		await optionValue(page, 'form[action$="/recommendations"] #f-board_ids', 'Kommunstyrelsen'));
	await submit(page, 'form[action$="/recommendations"]');
	assert.equal(await page.locator('#recommendations ~ table tbody tr').count(), 1);
	await checkA11y(page);

	// --- 4. The board's response. ---
	await page.click('summary:has-text("Skriv ett yttrande")');
	await page.selectOption('form[action$="/responses"] #f-unit_id',
		await optionValue(page, 'form[action$="/responses"] #f-unit_id', 'Kommunstyrelsen'));
	await page.fill('form[action$="/responses"] #f-addressee', 'Revisorskollegiet');
	await submit(page, 'form[action$="/responses"]');
	const respUrl = pathOf(page);
	assert.match(respUrl, /^\/responses\/\d+$/);
	await checkA11y(page);

	// --- 5. An action area answering the recommendation. ---
	await page.click('summary:has-text("Lägg till ett åtgärdsområde")');
	await page.fill('form[action$="/areas"] #f-heading', 'Etablera en organisation för informationssäkerhet.');
	await page.selectOption('form[action$="/areas"] #f-recommendation_ids',
		await optionValue(page, 'form[action$="/areas"] #f-recommendation_ids', 'Etablera'));
	await page.fill('form[action$="/areas"] #f-actions_taken', '- En riktlinje är framtagen.');
	await submit(page, 'form[action$="/areas"]');
	assert.equal(await page.locator('section.area h3').first().innerText(), 'Åtgärdsområde 1');

	// --- 6. A measure: the title forgotten first, then planned for a date that has passed. ---
	await page.click('summary:has-text("Lägg till en åtgärd")');
	await page.$eval('form[action$="/measures"]', (f) => f.setAttribute('novalidate', ''));
	const bad = await submit(page, 'form[action$="/measures"]');
	assert.equal(bad.status(), 400);
	assert.equal(await page.locator('form[action$="/measures"] .error-summary a[href="#f-title"]').count(), 1);
	await checkA11y(page);
	await page.fill('form[action$="/measures"] #f-title', 'Ny riktlinje för informationssäkerhet');
	await page.selectOption('form[action$="/measures"] #f-status', 'ongoing');
	await page.selectOption('form[action$="/measures"] #f-area_id',
		await optionValue(page, 'form[action$="/measures"] #f-area_id', 'Åtgärdsområde 1'));
	await page.fill('form[action$="/measures"] #f-planned_date', '2021-06-30');
	await page.fill('form[action$="/measures"] #f-comment', 'Ärende STK-2021-1717');
	await submit(page, 'form[action$="/measures"]');
	const row = page.locator('#measures ~ table tbody tr').first();
	assert.match(await row.innerText(), /Pågående/);
	assert.match(await row.innerText(), /Försenad/);
	await checkA11y(page);

	// --- 7. The document, on a page and as DOCX. ---
	await submit(page, 'main', `a[href="${respUrl}/document"]`);
	await checkA11y(page);
	assert.equal(await page.locator('article.doc table tbody tr').count(), 1);
	assert.match(await page.locator('article.doc').innerText(), /Åtgärdsområde 1/);
	const docx = await page.request.get(`${respUrl}/document.docx`);
	assert.equal(docx.status(), 200);
	assert.match(docx.headers()['content-disposition'], /^attachment; filename="yttrande-/);
	assert.equal((await docx.body()).subarray(0, 2).toString(), 'PK');

	// --- 8. Approved by a named person: frozen. ---
	await page.goto(respUrl);
	await page.fill('form[action$="/approve"] #f-approved_by', 'Anna Ordförande');
	await submit(page, 'form[action$="/approve"]');
	assert.match(await page.locator('dl.details').innerText(), /Godkänt och skickat/);
	assert.equal(await page.locator('form[action$="/measures"]').count(), 0);
	assert.equal(await page.locator(`form[action="${respUrl}/supplement"]`).count(), 1);
	await checkA11y(page);

	// --- 9. The open recommendations, flagged; the board's page shows the overdue measure. ---
	await page.goto('/recommendations');
	assert.equal(await page.locator('h1').innerText(), 'Rekommendationer');
	assert.equal(await page.locator('main tbody tr.overdue').count(), 1);
	await checkA11y(page);
	await page.goto(boardUrl);
	assert.match(await page.locator('#overdue-measures ~ table').innerText(), /Ny riktlinje för informationssäkerhet/);
	await checkA11y(page);
	await page.goto(auditUrl);
	await checkA11y(page);
});
