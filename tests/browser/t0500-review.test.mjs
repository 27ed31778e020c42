// t0500-review.test.mjs - follow-up and the management review in a real
// browser, in the Swedish interface: a unit's self-assessment with the level
// and its gaps shown at once and one gap made an activity, the
// organisation-wide picture with its charts and tables, and a management
// review from draft to approval: its texts written (a <script> in the
// Markdown shown as text, never run), a prioritised action added, approval
// refused without a name, then given, the version frozen, and a new version
// started from it. axe-core checks every page visited (WCAG 2.1 A and AA).
import { test, assert, checkA11y, login } from './lib.mjs';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

function pathOf(page)
{
	return new URL(page.url()).pathname;
}

test('0500.1 self-assessment, picture and a management review from draft to approval, axe on every page', async (t) => {
	const page = await t.page();
	const year = new Date().getFullYear();
	let ran = false;
	page.on('dialog', () => { ran = true; });

	await login(page);
	await page.goto('/units/new');
	await page.fill('#f-name', 'Granskningskommun');
	await submit(page, 'form[action="/units"]');
	const orgId = pathOf(page).split('/').pop();

	// --- 1. The self-assessment: start, answer, see the level and the gaps, make a gap an activity. ---
	await page.goto('/maturity');
	assert.equal(await page.locator('h1').innerText(), 'Självskattning');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', orgId);
	await page.fill('#f-year', String(year));
	await submit(page, 'form[action="/maturity"]');
	assert.match(pathOf(page), /^\/maturity\/\d+$/);
	assert.match(await page.locator('.figure').innerText(), /Uppnådd nivå: 0/);
	await checkA11y(page);
	const boxes = page.locator('fieldset:first-of-type input[type="checkbox"]');
	const n = await boxes.count();
	for (let i = 0; i < n; i++)
		await boxes.nth(i).check();
	await submit(page, `form[action="${pathOf(page)}"]`, 'button[type="submit"]:has-text("Spara")');
	assert.match(await page.locator('.figure').innerText(), /Uppnådd nivå: 1/);
	assert.match(await page.locator('main').innerText(), /Gap till nivå 2/);
	await submit(page, 'ul.gaps li:first-child form');
	assert.equal(await page.locator('ul.gaps li:first-child a[href^="/activities/"]').count(), 1);
	await checkA11y(page);

	// --- 2. The organisation-wide picture. ---
	await page.goto(`/situation?unit_id=${orgId}`);
	assert.equal(await page.locator('svg[role="img"]').count(), 4);
	assert.doesNotMatch(await page.locator('main').innerText(), /ej tillgänglig/);
	assert.match(await page.locator('main').innerText(), /Styrdokument med försenad revidering/);
	await checkA11y(page);

	// --- 3. A management review: a draft written, a priority, approval refused then given. ---
	await page.goto('/reviews');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', orgId);
	await page.fill('#f-year', String(year + 1));
	await page.fill('#f-contact', 'Linnea Kleiner');
	await submit(page, 'form[action="/reviews"]');
	const reviewUrl = pathOf(page);
	assert.match(reviewUrl, /^\/reviews\/\d+$/);
	await checkA11y(page);
	await page.fill('#f-background', 'Rapporten ges till *förvaltningschefen*. <script>alert(1)</script>');
	await page.fill('#f-isms', 'Arbetet utgår från ISO 27001.');
	await submit(page, `form[action="${reviewUrl}"]`);
	assert.match(await page.locator('article.doc').innerText(), /<script>alert\(1\)<\/script>/);
	assert.equal(await page.locator('article.doc em:has-text("förvaltningschefen")').count(), 1);
	await page.fill(`form[action="${reviewUrl}/priorities"] #f-text`, 'Översyn av incidentrutiner');
	await submit(page, `form[action="${reviewUrl}/priorities"]`);
	assert.match(await page.locator('article.doc').innerText(), /Översyn av incidentrutiner/);
	await page.$eval(`form[action="${reviewUrl}/approve"]`, (f) => f.setAttribute('novalidate', ''));
	await page.fill(`form[action="${reviewUrl}/approve"] #f-case_ref`, 'GK 2026/1');
	const bad = await submit(page, `form[action="${reviewUrl}/approve"]`);
	assert.equal(bad.status(), 400);
	assert.equal(await page.locator('.error-summary a[href="#f-approved_by"]').count(), 1);
	await checkA11y(page);
	await page.fill(`form[action="${reviewUrl}/approve"] #f-approved_by`, 'Förvaltningschef Anders Carstorp');
	await page.fill(`form[action="${reviewUrl}/approve"] #f-case_ref`, 'GK 2026/1');
	await submit(page, `form[action="${reviewUrl}/approve"]`);
	assert.match(await page.locator('main [role="status"] strong').first().innerText(), /Fastställd/);
	assert.equal(await page.locator(`form[action="${reviewUrl}"]`).count(), 0);
	assert.match(await page.locator('article.doc').innerText(), /Fastställd av Förvaltningschef Anders Carstorp/);
	await checkA11y(page);

	// --- 4. A new version from the frozen one. ---
	await submit(page, `form[action="${reviewUrl}/versions"]`);
	assert.notEqual(pathOf(page), reviewUrl);
	assert.match(await page.locator('main').innerText(), /version 2/);
	await checkA11y(page);
	assert.equal(ran, false, 'no script from the texts ran');
});
