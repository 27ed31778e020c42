// t0400-gdpr.test.mjs - the register of processing activities in a real
// browser, in the Swedish interface. Set up through the API: an
// organisation with a board, its vocabularies, a data protection officer,
// and a system classified, signed and with a requirement fulfilled. Then
// the DPO, in the browser: records a processing activity tied to that
// system (a form error on the way), sees the security measures come from
// the system's classification and requirements, sees the screening
// suggest an impact assessment and name why, has a transfer under
// Art. 49(1)(a) refused with its reason (Art. 49(3)), submits and
// validates the entry, records an impact assessment whose measure becomes
// an activity of the board's action plan (shown with its status, and
// addressing the assessment), and exports the register (printable page,
// XLSX, DOCX). axe-core checks every page visited (WCAG 2.1 A and AA).
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';

const DPO_PASSWORD = 'browser-test-dpo-password-1';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

function pathOf(page)
{
	return new URL(page.url()).pathname;
}

/** The error at field #@id: marked invalid, described by its message, linked from the summary. */
async function fieldError(page, id)
{
	assert.ok(await page.isVisible('.error-summary'), 'the error summary is shown');
	assert.equal(await page.locator(`.error-summary a[href="#${id}"]`).count(), 1, `the summary links to #${id}`);
	assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `#${id} is marked invalid`);
	const described = await page.getAttribute(`#${id}`, 'aria-describedby');
	const message = (await page.locator(`[id="${described}"]`).innerText()).trim();
	const summary = (await page.locator(`.error-summary a[href="#${id}"]`).innerText()).trim();
	assert.ok(summary.endsWith(message), 'the message at the field is the one in the summary');
	assert.ok(summary.length > message.length, 'the summary also names the field');
	return message;
}

/** A JSON API call with a bearer token; resolves to the parsed answer, failing on an unexpected status. */
async function api(server, token, method, path, body, want = [200, 201])
{
	const r = await fetch(`${server.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	assert.ok(want.includes(r.status), `${method} ${path}: ${r.status} ${text}`);
	return text ? JSON.parse(text) : null;
}

test('0400.1 the DPO records a processing activity, its measures, a refused transfer, the DPIA suggestion, the export', async (t) => {
	const server = await t.server();
	const token = runTillit(server.db, ['token', 'create', '--user', 'admin', '--name', 'setup']).trim();

	// --- Set-up through the API. ---
	const org = await api(server, token, 'POST', '/api/v1/units', { parent_id: null, kind: 'organisation', name: 'Testkommun' });
	const board = await api(server, token, 'POST', '/api/v1/units', { parent_id: org.id, kind: 'board', name: 'Socialnämnden' });
	runTillit(server.db, ['user', 'add', 'dso', '--password-stdin'], `${DPO_PASSWORD}\n`);
	const users = await api(server, token, 'GET', '/api/v1/users');
	const dso = users.items.find((u) => u.username === 'dso');
	const admin = users.items.find((u) => u.username === 'admin');
	await api(server, token, 'POST', `/api/v1/users/${dso.id}/roles`, { unit_id: org.id, role: 'dpo' });
	for (const [kind, name, special] of [['subject', 'Klienter', ''], ['data', 'Kontaktuppgifter', ''],
					       ['data', 'Uppgifter om hälsa', 'art9']])
		await api(server, token, 'POST', `/api/v1/organisations/${org.id}/gdpr-categories`, { kind, name, special });
	const system = await api(server, token, 'POST', '/api/v1/assets',
				 { unit_id: board.id, kind: 'system', name: 'Verksamhetssystem SoL', personal_data: true, owner_id: admin.id });
	const draft = await api(server, token, 'POST', `/api/v1/assets/${system.id}/classifications`, {
		answers: [],
		levels: { confidentiality: 3, integrity: 2, availability: 2 },
		motivations: { confidentiality: 'Sekretess enligt OSL 26 kap.', integrity: 'Felaktiga uppgifter skadar', availability: 'Behövs dagligen' },
	});
	await api(server, token, 'POST', `/api/v1/classifications/${draft.id}/sign`, {});
	const reqs = await api(server, token, 'GET', `/api/v1/assets/${system.id}/requirements`);
	const req = reqs.items[0];
	await api(server, token, 'PATCH', `/api/v1/assets/${system.id}/requirements/${req.requirement_id}`,
		  { status: 'fulfilled', version: req.version });

	// --- 1. The DPO signs in; the register is empty. ---
	const page = await t.page();
	await login(page, 'dso', DPO_PASSWORD);
	await page.goto('/gdpr');
	assert.equal(await page.locator('h1').innerText(), 'Registerförteckning');
	await checkA11y(page);
	await submit(page, 'main', 'a[href="/gdpr/activities/new"]');
	await checkA11y(page);
	await page.selectOption('#f-unit_id', String(board.id));
	await submit(page, 'form[action="/gdpr/activities/new"]');
	assert.equal(await page.locator('h1').innerText(), 'Ny behandling');
	await checkA11y(page);

	// --- 2. The form, with an error first: a purpose under (c) without its statute. ---
	const form = 'form[action="/gdpr/activities"]';
	await page.fill('#f-name', 'Handläggning av ekonomiskt bistånd');
	await page.fill('#f-controller_contact', 'Socialnämnden, 010-100 00 00');
	await page.selectOption('#f-dpo_id', String(dso.id));
	await page.fill('#f-purpose_1', 'Utredning och beslut om bistånd');
	await page.selectOption('#f-legal_basis_1', 'c');
	await page.check('label:text-is("Klienter")');
	await page.check('label:text-is("Kontaktuppgifter")');
	const contactRetention = await page.locator('.row', { hasText: 'Kontaktuppgifter' }).locator('input[name^="retention_"]').first();
	await contactRetention.fill('5 år');
	await page.fill('#f-recipients', 'Försäkringskassan');
	await page.selectOption('#f-asset_ids', [String(system.id)]);
	await page.check('#f-crit_vulnerable');
	await page.check('#f-crit_evaluation');
	const bad = await submit(page, form);
	assert.equal(bad.status(), 400);
	assert.match(await fieldError(page, 'f-statute_1'), /svenska författning/);
	assert.equal(await page.inputValue('#f-purpose_1'), 'Utredning och beslut om bistånd', 'what was typed is kept');
	await checkA11y(page);
	await page.fill('#f-statute_1', 'Socialtjänstlagen (2001:453)');
	await submit(page, form);
	assert.match(pathOf(page), /^\/gdpr\/activities\/\d+$/);
	const activityUrl = pathOf(page);
	assert.equal(await page.locator('h1').innerText(), 'Handläggning av ekonomiskt bistånd');
	await checkA11y(page);

	// --- 3. The security measures come from the system: its classification and the fulfilled requirement. ---
	const measures = await page.locator('#measures').innerText();
	assert.match(measures, /Verksamhetssystem SoL/);
	assert.match(measures, /K\s*3\s*R\s*2\s*T\s*2/);
	assert.match(measures, new RegExp(req.code));

	// --- 4. The screening suggests an impact assessment and says why. ---
	const suggestion = await page.locator('#dpia-suggestion').innerText();
	assert.match(suggestion, /En konsekvensbedömning föreslås/);
	assert.match(suggestion, /bedömning eller poängsättning, sårbara registrerade/);

	// --- 5. A transfer under Art. 49(1)(a): refused for a public authority, citing Art. 49(3). ---
	const tform = `form[action="${activityUrl}/transfers"]`;
	await page.selectOption('#f-country', 'BR');
	await page.fill('#f-recipient', 'Molnleverantören Ltda');
	await page.selectOption('#f-basis', 'derogation');
	await page.selectOption('#f-art49_point', 'a');
	const refused = await submit(page, tform);
	assert.equal(refused.status(), 400);
	assert.match(await fieldError(page, 'f-art49_point'), /artikel 49\.3/);
	await checkA11y(page);
	assert.equal(await page.locator('#transfers table').count(), 0, 'nothing was saved');
	// Standard contractual clauses instead: accepted.
	await page.selectOption('#f-basis', 'scc');
	await page.selectOption('#f-scc_module', '1');
	await submit(page, tform);
	assert.match(await page.locator('#transfers table').innerText(), /Brasilien/);

	// --- 6. Submitted and validated: reviewed by the data protection officer. ---
	await submit(page, `form[action="${activityUrl}/submit"]`);
	await submit(page, `form[action="${activityUrl}/validate"]`);
	assert.match(await page.locator('p.status').innerText(), /Granskad av dataskyddsombudet/);
	await checkA11y(page);
	await page.goto(`${activityUrl}/dpia`);
	await checkA11y(page);
	// Its impact assessment: the measure becomes an activity of this year's action plan of the board.
	await page.fill('#f-description', 'Handläggning i verksamhetssystemet med uppgifter om hälsa.');
	await page.fill('#f-measure_1', 'Behörigheter ses över varje kvartal');
	await submit(page, `form[action="${activityUrl}/dpia"]`);
	await submit(page, 'form[action$="/actions"]');
	const measure = page.locator('section.dpia li', { hasText: 'Behörigheter ses över varje kvartal' });
	assert.match(await measure.innerText(), /aktiviteten i handlingsplanen \(Ej påbörjad\)/);
	assert.equal(await page.locator('form[action$="/actions"]').count(), 0, 'every measure has its activity');
	await checkA11y(page);
	await Promise.all([page.waitForNavigation(), measure.locator('a').click()]);
	assert.match(pathOf(page), /^\/activities\/\d+$/);
	assert.equal(await page.locator('h1').innerText(), 'Behörigheter ses över varje kvartal');
	assert.match(await page.locator('#links').innerText(), /Konsekvensbedömning: Handläggning av ekonomiskt bistånd, v\. 1/);
	await checkA11y(page);
	await page.goto(`/assets/${system.id}`);
	assert.match(await page.locator('#processing').innerText(), /Handläggning av ekonomiskt bistånd/);

	// --- 7. The register: printable, and as files. ---
	await page.goto(`/gdpr/register?unit_id=${org.id}`);
	await checkA11y(page);
	const register = await page.locator('main').innerText();
	for (const item of ['Handläggning av ekonomiskt bistånd', 'Socialtjänstlagen (2001:453)', 'Klienter',
			    'Försäkringskassan', 'Brasilien', '5 år', 'Verksamhetssystem SoL'])
		assert.ok(register.includes(item), `the register shows ${item}`);
	for (const [ext, type] of [['xlsx', 'spreadsheetml'], ['docx', 'wordprocessingml']]) {
		const r = await page.request.get(`/gdpr/register.${ext}?unit_id=${org.id}`);
		assert.equal(r.status(), 200);
		assert.match(r.headers()['content-type'], new RegExp(type));
		assert.match(r.headers()['content-disposition'], /^attachment; filename="registerforteckning-/);
		const body = await r.body();
		assert.equal(body.subarray(0, 2).toString(), 'PK', `the ${ext} is a zip file`);
	}
});
