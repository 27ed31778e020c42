// t0300-risk.test.mjs - risk analysis and continuity in a real browser, in
// the Swedish interface, on the demo municipality: a requirement of a
// classified system assessed as not fulfilled; a risk analysis of that
// system, with a form error on the way; the unfulfilled requirement brought
// in as a risk; the risk assessed (an accepted risk without a reason is
// refused, naming the field), treated and given residual levels; the
// matrix before and after the measures, its cell leading to the risk; the
// requirement made a tracked action from the risk; and a continuity plan
// flagged because the asset it covers depends on one whose plan recovers
// more slowly, the chain named. axe-core checks every page visited (WCAG
// 2.1 A and AA; serious or critical violations fail the test).
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';

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
	assert.equal(values.length, 1, `one option of ${select} names ${text}`);
	return values[0];
}

/** The error shown at field #@id: summary link, aria-invalid, the message under the field. */
async function fieldError(page, id)
{
	assert.ok(await page.isVisible('.error-summary'), 'the error summary is shown');
	const link = page.locator(`.error-summary a[href="#${id}"]`);
	assert.equal(await link.count(), 1, `the summary links to #${id}`);
	assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `#${id} is marked invalid`);
	return (await link.innerText()).trim();
}

async function noValidate(page, formSel)
{
	await page.$eval(formSel, (f) => f.setAttribute('novalidate', ''));
}

test('0300.1 risk analysis from scope to matrix to action, and a continuity plan flagged by its dependency', async (t) => {
	const server = await t.server({ admin: false });
	const demo = runTillit(server.db, ['demo']);
	const password = demo.match(/^\s*admin\s+(\S+)/m)[1];
	const page = await t.page();
	await login(page, 'admin', password);

	// --- 1. The register, and the RSA that is due. ---
	await page.goto('/risks');
	assert.equal(await page.locator('h1').innerText(), 'Riskregister');
	assert.match(await page.locator('.notice').first().innerText(), /risk- och sårbarhetsanalysen \(RSA\).*ska redovisas senast \d{4}-10-31/i);
	await checkA11y(page);

	// --- 2. A requirement of Ekonomisystem assessed as not fulfilled. ---
	await page.goto('/assets?q=Ekonomisystem');
	await Promise.all([page.waitForNavigation(), page.click('main table a:text("Ekonomisystem")')]);
	const assetUrl = pathOf(page);
	const assetId = assetUrl.split('/').pop();
	assert.match(await page.locator('#risks-h').innerText(), /Risker och kontinuitet/);
	await checkA11y(page);
	await page.goto(`${assetUrl}/requirements`);
	await Promise.all([page.waitForNavigation(), page.click('main a:text("Inloggning med flera faktorer")')]);
	await page.selectOption('#f-status', 'not_fulfilled');
	await page.fill('#f-comment', 'Bara lösenord i dag.');
	await submit(page, `form[action^="${assetUrl}/requirements/"]`);

	// --- 3. A risk analysis of the system: first without a title (400, named), then whole. ---
	await page.goto('/risk-analyses/new');
	assert.equal(await page.locator('h1').innerText(), 'Ny riskanalys');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Kommunledningsförvaltningen'));
	await page.selectOption('#f-scope_kind', 'assets');
	await page.selectOption('#f-asset_ids', [assetId]);
	await page.fill('#f-participants', 'Sam Berg, Alva Andersson');
	await noValidate(page, 'form[action="/risk-analyses"]');
	const bad = await submit(page, 'form[action="/risk-analyses"]');
	assert.equal(bad.status(), 400);
	assert.match(await fieldError(page, 'f-title'), /^Rubrik: /);
	assert.deepEqual(await page.$$eval('#f-asset_ids option:checked', (os) => os.map((o) => o.value)), [assetId]);
	await checkA11y(page);
	await page.fill('#f-title', 'Riskanalys ekonomisystemet');
	await submit(page, 'form[action="/risk-analyses"]');
	assert.equal(await page.locator('h1').innerText(), 'Riskanalys ekonomisystemet');
	const analysisUrl = pathOf(page);
	const analysisId = analysisUrl.split('/').pop();
	await checkA11y(page);

	// --- 4. The unfulfilled requirement comes in as a risk. ---
	await submit(page, `form[action="${analysisUrl}/pull"]`);
	assert.match(await page.locator('.flash').innerText(), /Hämtade ej uppfyllda krav: 1 nya risker, 1 tillgångar angivna/);
	const riskLink = page.locator('main table a[href^="/risks/"]').first();
	assert.equal(await riskLink.innerText(), 'Hot att bedöma');
	await Promise.all([page.waitForNavigation(), riskLink.click()]);
	const riskUrl = pathOf(page);
	assert.match(await page.locator('main dl.details').innerText(), /BEH-02 Inloggning med flera faktorer: Ekonomisystem \(Ej uppfylld\)/);
	await checkA11y(page);

	// --- 5. Assess it; accepting it without a reason is refused, naming the field. ---
	await Promise.all([page.waitForNavigation(), page.click(`main a[href="${riskUrl}/edit"]`)]);
	await checkA11y(page);
	await page.selectOption('#f-threat_id', await optionValue(page, '#f-threat_id', 'Nätfiske'));
	await page.fill('#f-threat', '');
	await page.fill('#f-consequence_text', 'Obehöriga kommer åt utbetalningar.');
	await page.selectOption('#f-likelihood', '4');
	await page.selectOption('#f-consequence', '4');
	await page.selectOption('#f-treatment', 'accept');
	await page.selectOption('#f-accepted_by', await optionValue(page, '#f-accepted_by', '(admin)'));
	const refused = await submit(page, `form[action="${riskUrl}/edit"]`);
	assert.equal(refused.status(), 400);
	assert.match(await fieldError(page, 'f-treatment_reason'), /^Skäl för hanteringen: En accepterad risk behöver skälet/);
	assert.equal(await page.inputValue('#f-likelihood'), '4', 'what was chosen is kept');
	await checkA11y(page);
	await page.selectOption('#f-treatment', 'reduce');
	await page.fill('#f-treatment_reason', 'Inför tvåfaktorsinloggning.');
	await page.selectOption('#f-residual_likelihood', '2');
	await page.selectOption('#f-residual_consequence', '3');
	await submit(page, `form[action="${riskUrl}/edit"]`);
	assert.equal(pathOf(page), riskUrl);
	assert.equal(await page.locator('h1').innerText(), 'Nätfiske');
	const details = await page.locator('main dl.details').innerText();
	assert.match(details, /Riskvärde\s+16 Mycket hög/);
	assert.match(details, /Kvarvarande riskvärde\s+6 Medel/);

	// --- 6. The matrix before and after the measures; a cell leads to the risk. ---
	await page.goto(`/risks/matrix?analysis_id=${analysisId}`);
	assert.match(await page.locator('h1').innerText(), /Riskmatris: Riskanalys ekonomisystemet/);
	await checkA11y(page);
	const before = page.locator('table.matrix').first();
	const row4 = before.locator('tbody tr').first();
	assert.match(await row4.locator('th').innerText(), /^4 – Mycket sannolik/);
	const cell44 = row4.locator('td').nth(3);
	assert.match(await cell44.innerText(), /1\s*risker?\s*Mycket hög/);
	assert.equal(await page.locator('svg.matrix').count(), 2);
	assert.equal(await page.getAttribute('svg.matrix >> nth=0', 'aria-hidden'), 'true');
	const after = page.locator('table.matrix').nth(1);
	const row2 = after.locator('tbody tr').nth(2);
	assert.match(await row2.locator('th').innerText(), /^2 – Möjlig/);
	assert.match(await row2.locator('td').nth(2).innerText(), /^1/);
	await Promise.all([page.waitForNavigation(), cell44.locator('a').click()]);
	assert.equal(pathOf(page), '/risks');
	assert.match(await page.locator('.summary').innerText(), /sannolikhet 4, konsekvens 4/);
	assert.equal(await page.locator('main table a[href^="/risks/"]').count(), 1);
	await checkA11y(page);

	// --- 7. The requirement becomes a tracked action, kept as a measure of the risk. ---
	await page.goto(riskUrl);
	await submit(page, `form[action="${riskUrl}/actions"]`);
	assert.match(await page.locator('.flash').innerText(), /Skapade åtgärder: 1\. Tillagda åtgärder: 1\./);
	const actionLink = page.locator('#measures a[href^="/activities/"]');
	assert.equal(await actionLink.count(), 1);
	assert.match(await page.locator('#measures').innerText(), /Ej påbörjad/);
	await checkA11y(page);
	await Promise.all([page.waitForNavigation(), actionLink.click()]);
	assert.match(await page.locator('main').innerText(), /Ekonomisystem/);

	// --- 8. A continuity plan flagged by its dependency. ---
	// The e-service platform recovers in 72 hours; the finance system, which depends on it, must in 8.
	await page.goto(assetUrl);
	const findForm = `form[action="${assetUrl}#add-link"]`;
	await page.fill(`${findForm} #f-link_q`, 'E-tjänst');
	await submit(page, findForm);
	await page.selectOption('#f-kind', 'depends_on');
	await page.selectOption('#f-to_id', await optionValue(page, '#f-to_id', 'E-tjänsteplattform'));
	await submit(page, `form[action="${assetUrl}/links"]`);
	const platformId = await page.locator('#dependencies a:text("E-tjänsteplattform")').getAttribute('href');
	for (const [asset, title, rto] of [[platformId.split('/').pop(), 'Plattformen nere', '72'], [assetId, 'Ekonomisystemet nere', '8']]) {
		await page.goto(`/continuity/new?asset_id=${asset}`);
		await checkA11y(page);
		await page.fill('#f-title', title);
		await page.fill('#f-mto_hours', '12');
		await page.fill('#f-rto_hours', rto);
		await page.fill('#f-rpo_hours', '4');
		await page.fill('#f-fallback', '1. Betala **manuellt** via banken.\n2. <script>alert(1)</script>');
		await noValidate(page, 'form[action="/continuity"]');
		if (rto === '72') {
			// Longer than the maximum tolerable outage: refused, naming the field.
			const r = await submit(page, 'form[action="/continuity"]');
			assert.equal(r.status(), 400);
			assert.match(await fieldError(page, 'f-rto_hours'), /kan inte vara längre än längsta acceptabla avbrott/);
			await checkA11y(page);
			await page.fill('#f-mto_hours', '96');
		}
		await submit(page, 'form[action="/continuity"]');
		assert.equal(await page.locator('h1').innerText(), title);
	}
	await checkA11y(page);
	const alert = await page.locator('.error-summary').innerText();
	assert.match(alert, /Planen är beroende av tillgångar som återställs långsammare/);
	assert.match(alert, /Ekonomisystem → E-tjänsteplattform: mål för återställningstid 72 h \(3 dygn\)/);
	assert.equal(await page.locator('main strong:text("manuellt")').count(), 1, 'the fallback routines are Markdown');
	assert.equal(await page.locator('main script').count(), 0, 'raw HTML in them is not markup');
	await page.goto('/continuity');
	await checkA11y(page);
	assert.match(await page.locator('main table tr:has-text("Ekonomisystemet nere")').innerText(),
		     /Beroende av en tillgång som återställs långsammare/);
	assert.match(await page.locator('#missing').innerText(), /Verksamhetskritiska tillgångar utan kontinuitetsplan/);

	// --- 9. An exercise dated in the future cannot be marked done. ---
	await page.goto('/exercises/new');
	await checkA11y(page);
	await page.fill('#f-title', 'Hela IT-miljön nere i en månad');
	await page.selectOption('#f-unit_id', await optionValue(page, '#f-unit_id', 'Kommunledningsförvaltningen'));
	await page.fill('#f-exercise_date', '2099-01-01');
	await page.selectOption('#f-status', 'done');
	const future = await submit(page, 'form[action="/exercises"]');
	assert.equal(future.status(), 400);
	assert.match(await fieldError(page, 'f-exercise_date'), /inte har inträffat/);
	await checkA11y(page);

	// --- 10. The register as a spreadsheet and as a document. ---
	const csv = await page.request.get('/risks/export.csv');
	assert.equal(csv.status(), 200);
	assert.match(await csv.text(), /Nätfiske/);
	const docx = await page.request.get(`/risk-analyses/${analysisId}/report.docx`);
	assert.equal(docx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
});
