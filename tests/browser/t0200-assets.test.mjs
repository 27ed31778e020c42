// t0200-assets.test.mjs - the whole flow of information assets in a real
// browser, in the Swedish interface: an organisation and a board, a system
// and an information set with a form error on the way, a dependency and a
// refused circle, the information set classified and signed, the system
// classified with the inherited minimum and a raised level that needs a
// motivation, its requirements with one assessed as not fulfilled and made
// an activity of this year's action plan, the procurement appendix as a page
// (on the document model) and as DOCX and XLSX, the register's
// CSV and JSON exports, and the share of classified systems on the board's
// page. axe-core checks every page visited (WCAG 2.1 A and AA; serious or
// critical violations fail the test), form errors included.
import { test, assert, checkA11y, login } from './lib.mjs';

/** Submit the form matched by @formSel (its first submit button, or @buttonSel) and wait for the next page. */
async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

/** The path of the page's address, e.g. "/assets/3". */
function pathOf(page)
{
	return new URL(page.url()).pathname;
}

/** The value of the <option> of @select whose text contains @text. */
async function optionValue(page, select, text)
{
	const values = await page.$$eval(`${select} option`, (os, t) =>
		os.filter((o) => o.textContent.includes(t)).map((o) => o.value), text);
	assert.equal(values.length, 1, `one option of ${select} names ${text}`);
	return values[0];
}

/**
 * The error shown at the field #@id: the field is marked invalid, described
 * by its message, and the error summary links to it. Resolves to the
 * field's label and the message, for the caller to check.
 */
async function fieldError(page, id)
{
	assert.ok(await page.isVisible('.error-summary'), 'the error summary is shown');
	assert.equal(await page.locator(`.error-summary a[href="#${id}"]`).count(), 1, `the summary links to #${id}`);
	assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `#${id} is marked invalid`);
	const described = await page.getAttribute(`#${id}`, 'aria-describedby');
	assert.ok(described, `#${id} is described by its error`);
	const message = (await page.locator(`[id="${described.split(' ')[0]}"]`).innerText()).trim();
	const summary = (await page.locator(`.error-summary a[href="#${id}"]`).innerText()).trim();
	assert.ok(summary.endsWith(message), 'the message at the field is the one in the summary');
	assert.ok(summary.length > message.length, 'the summary also names the field');
	const label = (await page.locator(`label[for="${id}"]`).innerText()).trim();
	return { label, message };
}

/** Let the server, not the browser, check the form's required fields. */
async function noValidate(page, formSel)
{
	await page.$eval(formSel, (f) => f.setAttribute('novalidate', ''));
}

test('0200.1 assets, classification, requirements and figures, axe on every page', async (t) => {
	const page = await t.page();

	// --- 1. Sign in; an organisation and a board below it. ---
	await login(page);
	await checkA11y(page);
	await page.goto('/units');
	await checkA11y(page);
	await submit(page, 'main', 'a[href="/units/new"]');
	await checkA11y(page);
	await page.fill('#f-name', 'Testkommun');
	await page.fill('#f-code', 'TK');
	await submit(page, 'form[action="/units"]');
	assert.equal(await page.locator('h1').innerText(), 'Testkommun');
	await checkA11y(page);
	await submit(page, 'main', 'a[href^="/units/new?parent_id="]');
	await checkA11y(page);
	await page.selectOption('#f-kind', 'board');
	await page.fill('#f-name', 'Socialnämnden');
	await page.fill('#f-case_prefix', 'SN');
	await submit(page, 'form[action="/units"]');
	assert.equal(await page.locator('h1').innerText(), 'Socialnämnden');
	await checkA11y(page);
	const boardUrl = pathOf(page);
	const boardId = boardUrl.split('/').pop();

	// --- 2. Information assets: the register, a form error, a system and an information set. ---
	await page.goto('/assets');
	assert.equal(await page.locator('h1').innerText(), 'Informationstillgångar');
	await checkA11y(page);
	const newLink = page.locator('main a', { hasText: 'Ny informationstillgång' });
	assert.equal(await newLink.getAttribute('href'), '/assets/new');
	await Promise.all([page.waitForNavigation(), newLink.click()]);
	assert.equal(await page.locator('h1').innerText(), 'Ny informationstillgång');
	await checkA11y(page);

	const adminOwner = await optionValue(page, '#f-owner_id', '(admin)');
	await page.selectOption('#f-unit_id', boardId);
	await page.selectOption('#f-kind', 'system');
	await page.selectOption('#f-owner_id', adminOwner);
	await page.check('#f-personal_data');
	await page.check('#f-business_critical');
	// No name: the server answers with the form, its error summary and the field marked.
	await noValidate(page, 'form[action="/assets"]');
	const bad = await submit(page, 'form[action="/assets"]');
	assert.equal(bad.status(), 400);
	const nameErr = await fieldError(page, 'f-name');
	assert.match(nameErr.label, /^Namn/);
	assert.match(nameErr.message, /måste fyllas i/);
	// What was typed is kept.
	assert.equal(await page.inputValue('#f-unit_id'), boardId);
	assert.equal(await page.inputValue('#f-owner_id'), adminOwner);
	assert.ok(await page.isChecked('#f-personal_data'));
	assert.ok(await page.isChecked('#f-business_critical'));
	await checkA11y(page);
	await page.fill('#f-name', 'Lönesystem');
	await page.fill('#f-supplier', 'Lönebolaget AB');
	await submit(page, 'form[action="/assets"]');
	assert.equal(await page.locator('h1').innerText(), 'Lönesystem');
	assert.ok(await page.isVisible('.flash'));
	const details = await page.locator('main dl.details').first().innerText();
	assert.match(details, /Informationssystem/);
	assert.match(details, /Socialnämnden/);
	assert.match(details, /admin/);
	assert.match(details, /Personuppgifter\s*Ja/i);
	assert.match(details, /Verksamhetskritisk\s*Ja/i);
	await checkA11y(page);
	const systemUrl = pathOf(page);
	const systemId = systemUrl.split('/').pop();

	await page.goto(`/assets/new?unit_id=${boardId}&kind=information_set`);
	assert.equal(await page.inputValue('#f-kind'), 'information_set');
	await checkA11y(page);
	await page.fill('#f-name', 'Löneuppgifter');
	await page.selectOption('#f-owner_id', adminOwner);
	await page.check('#f-personal_data');
	await submit(page, 'form[action="/assets"]');
	assert.equal(await page.locator('h1').innerText(), 'Löneuppgifter');
	const setUrl = pathOf(page);
	const setId = setUrl.split('/').pop();
	await checkA11y(page);

	// --- 3. A dependency, seen from both ends; the reverse is a circle. ---
	await page.goto(systemUrl);
	const linkForm = `form[action="${systemUrl}/links"]`;
	await page.selectOption(`${linkForm} #f-kind`, 'holds');
	await page.selectOption(`${linkForm} #f-to_id`, setId);
	await submit(page, linkForm);
	assert.equal(pathOf(page), systemUrl);
	const outgoing = page.locator('#dependencies h3:text-is("Vad den här informationstillgången innehåller ' +
				      'eller är beroende av") + table');
	assert.equal(await outgoing.locator(`a[href="${setUrl}"]`).innerText(), 'Löneuppgifter');
	assert.match(await outgoing.innerText(), /Innehåller/);
	await checkA11y(page);

	await page.goto(setUrl);
	const incoming = page.locator('#dependencies h3:text-is("Vad som är beroende av den här ' +
				      'informationstillgången") + table');
	assert.equal(await incoming.locator(`a[href="${systemUrl}"]`).innerText(), 'Lönesystem');
	assert.match(await incoming.innerText(), /Innehåller denna/);
	await checkA11y(page);
	// Löneuppgifter's own list of what it holds or depends on is empty.
	assert.equal(await page.locator('#dependencies').getByText('Inga.', { exact: true }).count(), 1);

	const reverseForm = `form[action="${setUrl}/links"]`;
	await page.selectOption(`${reverseForm} #f-kind`, 'depends_on');
	await page.selectOption(`${reverseForm} #f-to_id`, systemId);
	const circle = await submit(page, reverseForm);
	assert.equal(circle.status(), 400);
	const circleErr = await fieldError(page, 'f-to_id');
	assert.match(circleErr.message, /cirkelberoende/);
	assert.match(circleErr.message, /Löneuppgifter → Lönesystem → Löneuppgifter/, 'the message names the path');
	assert.equal(await page.locator('#dependencies .error-summary').count(), 1, 'the error is by the form');
	// Still only the one dependency, in its direction.
	assert.equal(await page.locator(`#dependencies a[href="${systemUrl}"]`).count(), 1);
	await checkA11y(page);

	// --- 4. Classify the information set and sign it. ---
	await page.goto(`${setUrl}/classification`);
	await checkA11y(page);
	await submit(page, 'main', `a[href="${setUrl}/classification/new"]`);
	await checkA11y(page);
	const level3 = page.locator('section[aria-labelledby="a-confidentiality"] fieldset.question label',
				    { hasText: '(minst nivå 3)' }).first();
	const level3For = await level3.getAttribute('for');
	await page.check(`#${level3For}`);
	await submit(page, `form[action="${setUrl}/classification"]`, 'button[value="compute"]');
	await checkA11y(page);
	assert.ok(await page.isChecked(`#${level3For}`), 'the answer is kept after computing');
	const computedC = await page.locator('section[aria-labelledby="a-confidentiality"] dl.computed').innerText();
	assert.match(computedC, /Enligt svaren\s*3/);
	await submit(page, `form[action="${setUrl}/classification"]`, 'button[value="save"]');
	assert.match(pathOf(page), new RegExp(`^${setUrl}/classification/\\d+$`));
	assert.ok(await page.isVisible('.flash'));
	await checkA11y(page);
	await submit(page, 'section.sign form');
	assert.equal(pathOf(page), `${setUrl}/classification`);
	assert.match(await page.locator('.flash').innerText(), /har signerats/);
	const setLevels = await page.locator('table.levels').first().innerText();
	assert.match(setLevels, /Konfidentialitet\s*3/);
	const reviewDue = await page.locator('dt:text-is("Omprövas senast") + dd').innerText();
	assert.match(reviewDue, /^\d{4}-\d{2}-\d{2}/, 'a review date is set');
	assert.ok(reviewDue > new Date().toISOString().slice(0, 10), 'the review date lies ahead');
	await checkA11y(page);
	await page.goto(setUrl);
	assert.match(await page.locator('section[aria-labelledby="class-h"]').innerText(), /Konfidentialitet\s*3/);
	await checkA11y(page);

	// --- 5. Classify the system: the inherited minimum (shown once computed), a level below it,
	// a raise without and with a motivation. ---
	await page.goto(`${systemUrl}/classification`);
	const inherited = page.locator(`ul.sources a[href="${setUrl}/classification"]`);
	assert.equal(await inherited.innerText(), 'Löneuppgifter');
	assert.match(await page.locator('ul.sources').innerText(), /Konfidentialitet 3/);
	await checkA11y(page);
	await submit(page, 'main', `a[href="${systemUrl}/classification/new"]`);
	await checkA11y(page);
	const sysForm = `form[action="${systemUrl}/classification"]`;
	// The inherited minimum is shown from the start, before anything is computed.
	const first = await page.locator('section[aria-labelledby="a-confidentiality"] dl.computed').innerText();
	assert.match(first, /Ärvd lägsta nivå\s*3[^\n]*Löneuppgifter/);
	// Levels below it are not offered.
	const offered = await page.$$eval(`${sysForm} #f-level_confidentiality option`, (os) => os.map((o) => o.value));
	assert.deepEqual(offered.filter((v) => v !== '' && Number(v) < 3), []);
	await submit(page, sysForm, 'button[value="compute"]');
	const sysC = await page.locator('section[aria-labelledby="a-confidentiality"] dl.computed').innerText();
	assert.match(sysC, /Ärvd lägsta nivå\s*3[^\n]*Löneuppgifter/);
	assert.match(sysC, /Lägsta tillåtna nivå\s*3/);
	await checkA11y(page);

	// Lowering confidentiality below the inherited floor is refused by the server too, naming the
	// field (the option is put back into the page, as a hand-made request could send it).
	await page.$eval(`${sysForm} #f-level_confidentiality`, (sel) => sel.add(new Option('1', '1')));
	await page.selectOption(`${sysForm} #f-level_confidentiality`, '1');
	let refused = await submit(page, sysForm, 'button[value="save"]');
	assert.equal(refused.status(), 400);
	const lowErr = await fieldError(page, 'f-level_confidentiality');
	assert.match(lowErr.label, /konfidentialitet/i, 'the error is at the confidentiality level');
	assert.match(lowErr.message, /inte vara lägre/);
	await checkA11y(page);

	// Raising integrity above the computed level needs a motivation.
	await page.selectOption(`${sysForm} #f-level_confidentiality`, '');
	await page.selectOption(`${sysForm} #f-level_integrity`, '3');
	await page.fill(`${sysForm} #f-motivation_integrity`, '');
	refused = await submit(page, sysForm, 'button[value="save"]');
	assert.equal(refused.status(), 400);
	const whyErr = await fieldError(page, 'f-motivation_integrity');
	assert.match(whyErr.label, /^Motivering för riktighet/, 'the error is at the motivation for integrity');
	assert.match(whyErr.message, /varför nivån höjs/);
	assert.equal(await page.inputValue('#f-level_integrity'), '3', 'the raise is kept');
	await checkA11y(page);
	await page.fill(`${sysForm} #f-motivation_integrity`, 'Felaktiga löner drabbar många anställda.');
	await submit(page, sysForm, 'button[value="save"]');
	assert.match(pathOf(page), new RegExp(`^${systemUrl}/classification/\\d+$`));
	await checkA11y(page);
	await submit(page, 'section.sign form');
	assert.equal(pathOf(page), `${systemUrl}/classification`);
	const sysLevels = await page.locator('table.levels').first().innerText();
	assert.match(sysLevels, /Konfidentialitet\s*3/);
	assert.match(sysLevels, /Riktighet\s*3[^\n]*Felaktiga löner/);
	assert.match(await page.locator('dt:text-is("Omprövas senast") + dd').innerText(), /^\d{4}-\d{2}-\d{2}/);
	await checkA11y(page);

	// --- 6. Requirements: the list, one assessed as not fulfilled, an activity of the action plan made of it. ---
	await page.goto(`${systemUrl}/requirements`);
	await checkA11y(page);
	const reqLinks = page.locator(`main table a[href^="${systemUrl}/requirements/"]`);
	assert.ok(await reqLinks.count() >= 3, 'several requirements apply');
	// Multi-factor sign-in (BEH-02) applies from confidentiality 2.
	const mfa = page.locator('main tr:has(th:text-is("BEH-02"))').locator(`a[href^="${systemUrl}/requirements/"]`);
	assert.equal(await mfa.count(), 1, 'multi-factor authentication applies at confidentiality 2 or more');
	assert.match(await mfa.innerText(), /flera faktorer/);
	const mfaHref = await mfa.getAttribute('href');
	await Promise.all([page.waitForNavigation(), mfa.click()]);
	assert.equal(pathOf(page), mfaHref);
	assert.match(await page.locator('main dl.details').first().innerText(), /Konfidentialitet ≥ 2/);
	await checkA11y(page);
	const assessForm = `form[action="${mfaHref}"]`;
	await page.selectOption(`${assessForm} #f-status`, 'not_fulfilled');
	await page.fill(`${assessForm} #f-comment`, 'Inloggning sker med enbart lösenord.');
	await submit(page, assessForm);
	assert.equal(pathOf(page), mfaHref);
	assert.match(await page.locator('main dl.details').last().innerText(), /Ej uppfylld/);
	await checkA11y(page);
	await submit(page, `form[action="${mfaHref}/action"]`);
	const actionUrl = pathOf(page);
	assert.match(actionUrl, /^\/activities\/\d+$/);
	const actionDetails = await page.locator('main dl.details').innerText();
	assert.match(actionDetails, /Status\s*Ej påbörjad/);
	assert.match(actionDetails, /Område\s*Åtgärder/);
	assert.equal(await page.locator(`main ul.links a[href="${systemUrl}"]`).innerText(), 'Lönesystem');
	await checkA11y(page);
	await page.goto(mfaHref);
	assert.equal(await page.locator(`main a[href="${actionUrl}"]`).count(), 1, 'the requirement links to its activity');
	await checkA11y(page);
	await page.goto(`${systemUrl}/requirements`);
	const mfaRow = page.locator(`main tr:has(a[href="${mfaHref}"])`);
	assert.match(await mfaRow.innerText(), /Ej uppfylld/);
	assert.match(await mfaRow.innerText(), /Inloggning sker med enbart lösenord/);
	assert.equal(await mfaRow.locator(`a[href="${actionUrl}"]`).count(), 1);
	await checkA11y(page);

	// --- 7. The procurement appendix: a document in the page, and as DOCX and XLSX. ---
	await submit(page, 'main', `a[href="${systemUrl}/requirements/appendix"]`);
	assert.match(await page.locator('h1').innerText(), /Lönesystem/);
	assert.ok(await page.locator('article.doc h3').count() >= 3);
	await checkA11y(page);
	const docx = await page.request.get(`${systemUrl}/requirements/appendix.docx`);
	assert.equal(docx.status(), 200);
	assert.match(docx.headers()['content-disposition'], /^attachment/);
	assert.equal((await docx.body()).subarray(0, 2).toString('latin1'), 'PK');
	await page.goto(`${systemUrl}/requirements`);
	const xlsxHref = await page.getAttribute(`main a[href="${systemUrl}/requirements/appendix.xlsx"]`, 'href');
	const xlsx = await page.request.get(xlsxHref);
	assert.equal(xlsx.status(), 200);
	assert.match(xlsx.headers()['content-type'],
		     /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
	assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK');

	// --- 8. The register's exports. ---
	await page.goto('/assets');
	const systemRow = await page.locator(`main tr:has(a[href="${systemUrl}"])`).innerText();
	assert.match(systemRow, /K\s*3\s*R\s*3/, 'the list shows the signed levels');
	assert.match(systemRow, /Personuppgifter, Verksamhetskritisk/);
	assert.match(await page.locator(`main tr:has(a[href="${setUrl}"])`).innerText(), /K\s*3/);
	await checkA11y(page);
	const csvHref = await page.getAttribute('main a[href^="/assets/export.csv"]', 'href');
	const csv = await page.request.get(csvHref);
	assert.equal(csv.status(), 200);
	assert.match(csv.headers()['content-type'], /^text\/csv/);
	const csvText = await csv.text();
	assert.match(csvText, /Lönesystem/);
	assert.match(csvText, /Löneuppgifter/);
	const jsonHref = await page.getAttribute('main a[href^="/assets/export.json"]', 'href');
	const json = await page.request.get(jsonHref);
	assert.equal(json.status(), 200);
	assert.match(json.headers()['content-type'], /^application\/json/);
	const { items, total } = await json.json();
	assert.ok(Array.isArray(items), 'the JSON export holds a list of items');
	assert.equal(items.length, 2);
	assert.equal(total, 2);
	assert.deepEqual(items.map((a) => a.name).sort(), ['Lönesystem', 'Löneuppgifter']);

	// --- 9. Figures on the board's page. ---
	await page.goto(boardUrl);
	const main = await page.locator('main').innerText();
	assert.match(main, /Andel klassade system/);
	assert.match(main, /1 av 1 system, 100/);
	const chart = page.locator('main svg[role="img"]');
	assert.ok(await chart.count() >= 1, 'the chart is an SVG image');
	assert.ok((await chart.first().getAttribute('aria-labelledby')) || (await chart.first().getAttribute('aria-label')) ||
		  (await chart.first().locator('title').count()), 'the chart has an accessible name');
	await checkA11y(page);
	// The browser logs the deliberate 400 answers above; nothing else may have gone wrong.
	const unexpected = page.tillitErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
	assert.deepEqual(unexpected, [], 'no console error, exception or CSP violation');
});
