// t0500-intcontrol.test.mjs - an internal control round in a real browser,
// in the Swedish interface, on the demo municipality, with the clock fixed
// at 15 May 2026: a board's internal control plan for 2026 (the process of
// systematic information security work already in its analysis); a
// sample-check control point, first with a sample larger than its
// population (refused, naming the field), reported per tertial with the
// coordinator answering for it; the start page listing it as due; the first
// tertial reported with the records checked, one not in order; a deviation
// recorded with its cause and remedy; the remedy made an activity of the
// action plan in one step; the plan's yearly report offered for print. axe-
// core checks every page visited (WCAG 2.1 A and AA; serious or critical
// violations fail the test).
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';

process.env.TILLIT_NOW = '2026-05-15T10:00:00Z';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

async function follow(page, selector)
{
	await Promise.all([page.waitForNavigation(), page.click(selector)]);
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

async function noValidate(page, formSel)
{
	await page.$eval(formSel, (f) => f.setAttribute('novalidate', ''));
}

test('0500.1 an internal control round: plan, control point, result, deviation, activity', async (t) => {
	const server = await t.server({ admin: false });
	const demo = runTillit(server.db, ['demo']);
	const password = demo.match(/^\s*admin\s+(\S+)/m)[1];
	const page = await t.page();
	await login(page, 'admin', password);

	// --- 1. The list, from the menu's "Granskning och kontroll" group. ---
	await page.goto('/internal-control');
	assert.equal(await page.locator('h1').innerText(), 'Internkontrollplaner');
	await checkA11y(page);

	// --- 2. The plan of 2026 for a board. ---
	await follow(page, 'main a:text("Ny internkontrollplan")');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Kommunstyrelsen'));
	assert.equal(await page.inputValue('#f-year'), '2026');
	await submit(page, 'main form[action="/internal-control"]');
	const planUrl = pathOf(page);
	assert.match(planUrl, /^\/internal-control\/\d+$/);
	assert.match(await page.locator('main').innerText(), /Systematiskt informationssäkerhetsarbete/);
	await checkA11y(page);

	// --- 3. A control point: a sample larger than its population is refused, naming the field. ---
	await follow(page, 'main a:text("Lägg till kontrollmoment")');
	await checkA11y(page);
	await page.selectOption('#f-process_id', await optionValue(page, '#f-process_id', 'Systematiskt informationssäkerhetsarbete'));
	await page.fill('#f-title', 'Behörigheter i ekonomisystemet stäms av mot lönesystemet');
	await page.selectOption('#f-check_method', 'sample');
	await page.fill('#f-sample_size', '30');
	await page.fill('#f-population', '20');
	await page.selectOption('#f-responsible_id', await optionValue(page, '#f-responsible_id', '(admin)'));
	await noValidate(page, 'main form');
	await submit(page, 'main form');
	assert.ok(await page.isVisible('.error-summary'));
	assert.equal(await page.locator('.error-summary a[href="#f-sample_size"]').count(), 1);
	assert.equal(await page.inputValue('#f-title'), 'Behörigheter i ekonomisystemet stäms av mot lönesystemet');
	await checkA11y(page);
	await page.fill('#f-sample_size', '3');
	await page.fill('#f-population', '240');
	await submit(page, 'main form');
	const pointUrl = pathOf(page);
	assert.match(pointUrl, /^\/internal-control\/points\/\d+$/);
	assert.match(await page.locator('main').innerText(), /Stickprov: 3 av 240/);
	assert.match(await page.locator('main').innerText(), /Tertial 1 2026/);
	await checkA11y(page);

	// --- 4. The start page lists the first tertial as due. ---
	await page.goto('/');
	assert.ok(await page.locator(`main a[href="${pointUrl}"]`).count() >= 1, 'the control point is a task');
	await checkA11y(page);

	// --- 5. The first tertial reported, one record not in order. ---
	await page.goto(pointUrl);
	await follow(page, 'main a:text("Rapportera resultat")');
	await checkA11y(page);
	await page.selectOption('#f-period', '2026-T1');
	await page.fill('#f-checked_on', '2026-05-05');
	await page.fill('input[name="sample_ref_1"]', 'Användare 1001');
	await page.fill('input[name="sample_ref_2"]', 'Användare 1002');
	await page.check('input[name="sample_bad_2"]');
	await page.fill('input[name="sample_note_2"]', 'Slutade 2025-12-31');
	await page.fill('input[name="sample_ref_3"]', 'Användare 1003');
	await page.fill('#f-conclusion', 'Ett konto borde ha avslutats.');
	await submit(page, 'main form');
	assert.match(pathOf(page), /^\/internal-control\/results\/\d+$/);
	assert.match(await page.locator('main').innerText(), /Inte i sin ordning/);
	await checkA11y(page);

	// --- 6. The deviation, with its cause and remedy. ---
	await follow(page, 'main a:text("Registrera avvikelse")');
	await checkA11y(page);
	await page.fill('#f-description', 'Konto kvar efter avslutad anställning');
	await page.fill('#f-cause', 'Ingen avslutsrutin mellan HR och IT');
	await page.fill('#f-remedy', 'Inför en avslutsrutin mellan HR och IT');
	await page.fill('#f-due', '2026-09-30');
	await submit(page, 'main form');
	const deviationUrl = pathOf(page);
	assert.match(deviationUrl, /^\/internal-control\/deviations\/\d+$/);
	await checkA11y(page);

	// --- 7. The remedy made an activity of the action plan in one step. ---
	await submit(page, `main form[action="${deviationUrl}/activity"]`);
	assert.match(pathOf(page), /^\/activities\/\d+$/);
	assert.match(await page.locator('h1').innerText(), /Inför en avslutsrutin mellan HR och IT/);
	await checkA11y(page);
	await page.goto(deviationUrl);
	assert.equal(await page.locator(`main form[action="${deviationUrl}/activity"]`).count(), 0);
	assert.ok(await page.locator('main a[href^="/activities/"]').count() >= 1, 'the deviation links its activity');

	// --- 8. The deviations across units, and the plan with its documents. ---
	await page.goto('/internal-control/deviations?status=open');
	assert.match(await page.locator('main').innerText(), /Konto kvar efter avslutad anställning/);
	await checkA11y(page);
	await page.goto(planUrl);
	assert.ok(await page.locator(`main a[href="${planUrl}/document?document=report&format=html"]`).count() === 1);
	await checkA11y(page);
});
