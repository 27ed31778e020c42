// t0300-plans.test.mjs - the whole flow of action plans and the annual wheel
// in a real browser, in the Swedish interface: an organisation, last year's
// plan with a form error on the way, its areas renamed and reordered,
// activities with quarters, statuses and a purpose whose Markdown holds a
// <script> (shown as text, never run), the quarter grid and the status bars,
// an overdue activity flagged, the unfinished ones carried into this year
// with the chain shown, the follow-up report downloaded as DOCX, HTML and
// Markdown, the activity list with a filter and an export, "Mina uppgifter"
// on the start page, a recurring activity of the annual wheel with its
// occurrences and a status, and the calendar secret with its feed. axe-core
// checks every page visited (WCAG 2.1 A and AA; serious or critical
// violations fail the test).
import { test, assert, checkA11y, login } from './lib.mjs';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

function pathOf(page)
{
	return new URL(page.url()).pathname;
}

async function noValidate(page, formSel)
{
	await page.$eval(formSel, (f) => f.setAttribute('novalidate', ''));
}

async function optionValue(page, select, text)
{
	const values = await page.$$eval(`${select} option`, (os, t) =>
		os.filter((o) => o.textContent.includes(t)).map((o) => o.value), text);
	assert.equal(values.length, 1, `one option of ${select} names ${text}`);
	return values[0];
}

test('0300.1 action plans, report, carry-over, annual wheel and calendar feed, axe on every page', async (t) => {
	const page = await t.page();
	const year = new Date().getFullYear();
	const last = year - 1;

	// --- 1. Sign in; an organisation. ---
	await login(page);
	await page.goto('/units/new');
	await page.fill('#f-name', 'Testkommun');
	await submit(page, 'form[action="/units"]');
	const orgId = pathOf(page).split('/').pop();

	// --- 2. Last year's plan: a year out of range first, then with two areas. ---
	await page.goto('/plans');
	assert.equal(await page.locator('h1').innerText(), 'Handlingsplaner');
	await checkA11y(page);
	await submit(page, 'main', 'a[href="/plans/new"]');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', orgId);
	await page.fill('#f-year', '1999');
	await page.fill('#f-areas', 'Nätverk\nIT-säkerhet\n');
	await noValidate(page, 'form[action="/plans"]');
	const bad = await submit(page, 'form[action="/plans"]');
	assert.equal(bad.status(), 400);
	assert.equal(await page.locator('.error-summary a[href="#f-year"]').count(), 1);
	assert.equal(await page.getAttribute('#f-year', 'aria-invalid'), 'true');
	await checkA11y(page);
	await page.fill('#f-year', String(last));
	await submit(page, 'form[action="/plans"]');
	const planUrl = pathOf(page);
	assert.match(planUrl, /^\/plans\/\d+$/);
	assert.equal(await page.locator('h1').innerText(), `Handlingsplan ${last} – Testkommun`);
	await checkA11y(page);

	// --- 3. Areas: one renamed and moved first. ---
	const itRow = page.locator('main tr:has(input[type="text"][value="IT-säkerhet"])');
	await itRow.locator('input[type="text"][name="name"]').fill('Informationssäkerhet');
	await Promise.all([page.waitForNavigation(), itRow.locator('button:has-text("Byt namn")').click()]);
	const infoRow = page.locator('main tr:has(input[type="text"][value="Informationssäkerhet"])');
	await Promise.all([page.waitForNavigation(), infoRow.locator('button:has-text("Upp")').click()]);
	const areaNames = await page.$$eval('main tr input[name="name"][id^="area-"]', (is) => is.map((i) => i.value));
	assert.deepEqual(areaNames, ['Informationssäkerhet', 'Nätverk']);
	await checkA11y(page);

	// --- 4. Activities: a form error, then two with quarters and statuses. ---
	await page.goto(`${planUrl}/activities/new`);
	await checkA11y(page);
	const netArea = await optionValue(page, '#f-area_id', 'Nätverk');
	await page.selectOption('#f-area_id', netArea);
	await noValidate(page, `form[action="${planUrl}/activities"]`);
	assert.equal((await submit(page, `form[action="${planUrl}/activities"]`)).status(), 400);
	assert.equal(await page.locator('.error-summary a[href="#f-title"]').count(), 1);
	await checkA11y(page);
	await page.fill('#f-title', 'Riskanalys');
	await page.fill('#f-purpose', 'Analyser **per** verksamhet.\n\n<script>window.pwned = 1</script>');
	await page.check('#f-q1');
	await page.check('#f-q2');
	await page.selectOption('#f-status', 'done');
	await page.fill('#f-status_comment', 'De flesta verksamheter har analyserat.');
	await submit(page, `form[action="${planUrl}/activities"]`);
	const riskUrl = pathOf(page);
	assert.match(riskUrl, /^\/activities\/\d+$/);
	assert.equal(await page.locator('main .markdown strong').innerText(), 'per');
	assert.match(await page.locator('main .markdown').innerText(), /<script>window\.pwned = 1<\/script>/);
	assert.equal(await page.evaluate(() => window.pwned), undefined, 'the script in the purpose did not run');
	await checkA11y(page);

	await page.goto(`${planUrl}/activities/new`);
	await page.selectOption('#f-area_id', netArea);
	await page.fill('#f-title', 'Informationsklassning');
	await page.check('#f-q3');
	await page.selectOption('#f-responsible_id', await optionValue(page, '#f-responsible_id', '(admin)'));
	await submit(page, `form[action="${planUrl}/activities"]`);
	const classUrl = pathOf(page);

	// --- 5. The plan: the grid, the status bars, the overdue flag. ---
	await page.goto(planUrl);
	const grid = page.locator('main table.doc-table');
	assert.equal(await grid.locator('tbody tr').count(), 2);
	assert.equal(await grid.locator('thead th').nth(2).innerText(), 'Kvartal 1');
	assert.equal(await grid.locator('td.doc-mark').count(), 3);
	assert.equal(await page.locator('main svg[role="img"]').count(), 1);
	assert.match(await page.locator(`main tr:has(a[href="${classUrl}"])`).innerText(), /Försenad/);
	await checkA11y(page);

	// --- 6. The report in every format, downloaded. ---
	for (const [ext, type] of [['docx', /wordprocessingml/], ['html', /^text\/html/], ['md', /^text\/markdown/]]) {
		const href = await page.getAttribute(`main a[href="${planUrl}/report.${ext}"]`, 'href');
		const res = await page.request.get(href);
		assert.equal(res.status(), 200, `the ${ext} report`);
		assert.match(res.headers()['content-type'], type);
		assert.match(res.headers()['content-disposition'], /^attachment; filename="uppfoljning-handlingsplan-/);
		const body = await res.body();
		if (ext === 'docx')
			assert.equal(body.subarray(0, 2).toString('latin1'), 'PK');
		else
			assert.match(body.toString('utf8'), new RegExp(`Uppföljning Handlingsplan Testkommun ${last}`));
	}

	// --- 7. Year end: the unfinished one carried into this year, the chain shown. ---
	await submit(page, `form[action="${planUrl}/carry"]`);
	const nextPlanUrl = pathOf(page);
	assert.notEqual(nextPlanUrl, planUrl);
	assert.equal(await page.locator('h1').innerText(), `Handlingsplan ${year} – Testkommun`);
	assert.match(await page.locator('.flash').innerText(), /förts över/);
	const carried = page.locator('main a', { hasText: 'Informationsklassning' }).first();
	await Promise.all([page.waitForNavigation(), carried.click()]);
	assert.equal(await page.locator(`main ol.history a[href="${classUrl}"]`).count(), 1);
	await checkA11y(page);
	await page.goto(classUrl);
	assert.match(await page.locator('main dl.details').innerText(), /Nästa steg\s*Fortsätter nästa år/);
	await checkA11y(page);

	// --- 8. The list of activities, filtered, and its export. ---
	await page.goto(`/activities?year=${last}&status=done`);
	assert.equal(await page.locator(`main a[href="${riskUrl}"]`).count(), 1);
	assert.equal(await page.locator(`main a[href="${classUrl}"]`).count(), 0);
	await checkA11y(page);
	const csv = await page.request.get(await page.getAttribute('main a[href^="/activities/export.csv"]', 'href'));
	assert.equal(csv.status(), 200);
	assert.match(await csv.text(), /Riskanalys/);

	// --- 9. Mina uppgifter. ---
	await page.goto('/');
	assert.match(await page.locator('main section[aria-labelledby="tasks-h"]').innerText(), /Informationsklassning/);
	await checkA11y(page);

	// --- 10. The annual wheel: a recurring activity, its occurrences, a status. ---
	await page.goto('/wheel');
	await checkA11y(page);
	await submit(page, 'main', 'a[href^="/wheel/items/new"]');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', orgId);
	await page.fill('#f-title', 'Information till ledningsgrupper');
	await page.selectOption('#f-freq', 'monthly');
	await page.fill('#f-day', '');
	await page.selectOption('#f-nth', '-1');
	await page.selectOption('#f-weekday', '5');
	await page.fill('#f-time_of_day', '09:00');
	await submit(page, 'form[action="/wheel/items"]');
	const itemUrl = pathOf(page);
	assert.match(itemUrl, /^\/wheel\/items\/\d+$/);
	assert.match(await page.locator('main dl.details').innerText(), /Varje månad, sista fredag, kl\. 09:00/);
	await submit(page, `form[action="${itemUrl}/generate"]`);
	assert.equal(await page.locator('main .occurrence').count(), 12);
	await checkA11y(page);
	const first = page.locator('main .occurrence form').first();
	await first.locator('select[name="status"]').selectOption('done');
	await first.locator('input[name="comment"]').fill('Alla ledningsgrupper informerade');
	await Promise.all([page.waitForNavigation(), first.locator('button[type="submit"]').click()]);
	assert.match(await page.locator('main .occurrence').first().locator('select').inputValue(), /done/);
	await page.goto(`/wheel?unit_id=${orgId}&year=${year}`);
	assert.match(await page.locator('main').innerText(), /Alla ledningsgrupper informerade/);
	await checkA11y(page);

	// --- 11. The calendar secret, shown once, and the feed it opens. ---
	await page.goto('/account');
	await submit(page, 'form[action="/account/calendar"]');
	const feedUrl = await page.locator('main code.token').first().innerText();
	assert.match(feedUrl, /\/calendar\/me\/feed\.ics\?key=tcal_/);
	await checkA11y(page);
	const feed = await page.request.get(feedUrl);
	assert.equal(feed.status(), 200);
	assert.match(feed.headers()['content-type'], /^text\/calendar/);
	assert.match(await feed.text(), /BEGIN:VCALENDAR/);
	await page.goto('/account');
	assert.equal(await page.locator('main code.token').count(), 0, 'the addresses are not shown again');

	const unexpected = page.tillitErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
	assert.deepEqual(unexpected, [], 'no console error, exception or CSP violation');
});
