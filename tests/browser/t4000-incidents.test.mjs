// t4000-incidents.test.mjs - the main flow of incidents in a real browser,
// in the Swedish interface: a reader reports an incident from the link in
// the page header and finds it among their own reports; the coordinator
// makes it a personal-data breach and a significant incident, enters when
// they became aware of it, sees the IMY clock run, records the decision
// not to notify IMY (first without a reason: the form names the field) and
// sees the IMY clock stop and the reason in the log of decisions; then the
// texts for the CSIRT and IMY and the statistics. axe-core checks every
// page visited (WCAG 2.1 A and AA; serious or critical violations fail).
import { test, assert, checkA11y, login, runTillit } from './lib.mjs';

async function submit(page, formSel, buttonSel = '[type="submit"]')
{
	return (await Promise.all([page.waitForNavigation(), page.click(`${formSel} ${buttonSel}`)]))[0];
}

/** Swedish local time @minutesAgo minutes ago, as an <input type="datetime-local"> wants it. */
function swedishLocal(minutesAgo)
{
	const parts = new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
	}).formatToParts(new Date(Date.now() - minutesAgo * 60000));
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

test('4000.1 a reader reports; the coordinator decides not to notify IMY and the clock stops; the CSIRT texts', async (t) => {
	const server = await t.server();
	const admin = await t.page();

	// An organisation, a reader and a coordinator in it.
	await login(admin);
	await admin.goto('/units/new');
	await admin.fill('#f-name', 'Testkommun');
	await submit(admin, 'form[action="/units"]');
	const orgId = new URL(admin.url()).pathname.split('/').pop();
	for (const [name, role] of [['lasse', 'reader'], ['sam', 'coordinator']])
		runTillit(server.db, ['user', 'add', name, '--role', role, '--unit', orgId, '--password-stdin'],
			  `${name}s-losenord-2026\n`);

	// --- The reader reports from the header of any page. ---
	const reader = await t.page();
	await login(reader, 'lasse', 'lasses-losenord-2026');
	await reader.goto('/units');
	const link = reader.locator('header a.report');
	assert.equal(await link.innerText(), 'Rapportera incident');
	await Promise.all([reader.waitForNavigation(), link.click()]);
	assert.equal(await reader.locator('h1').innerText(), 'Rapportera incident');
	await checkA11y(reader);
	await reader.fill('#f-title', 'Mejl med elevlista till fel mottagare');
	await reader.fill('#f-description', 'Skickade klasslistan med personnummer till en förälder i fel klass.');
	await reader.fill('#f-occurred_at', swedishLocal(180));
	await submit(reader, 'form[action="/incidents/report"]');
	assert.match(new URL(reader.url()).pathname, /^\/incidents\/mine$/);
	assert.match(await reader.locator('.flash').innerText(), /Din rapport har tagits emot/);
	assert.match(await reader.locator('main table').innerText(), /Mejl med elevlista till fel mottagare\s+\S+\s+\S+\s+Under triagering/);
	await checkA11y(reader);

	// --- The coordinator: triage. ---
	const coord = await t.page();
	await login(coord, 'sam', 'sams-losenord-2026');
	await coord.goto('/incidents');
	assert.equal(await coord.locator('h1').innerText(), 'Incidenter');
	await checkA11y(coord);
	await Promise.all([coord.waitForNavigation(), coord.click('main table a[href^="/incidents/"]')]);
	const incidentPath = new URL(coord.url()).pathname;
	assert.equal(await coord.locator('h1').innerText(), 'Mejl med elevlista till fel mottagare');
	await checkA11y(coord);
	await coord.check('#f-kind_breach');
	await coord.check('#f-kind_significant');
	await submit(coord, 'form[action$="/triage"]', 'button[value="incident"]');
	assert.ok(await coord.isVisible('.flash'));
	assert.match(await coord.locator('main dl.details').innerText(), /Personuppgiftsincident, Betydande incident/);

	// When the coordinator became aware: two hours ago. The clocks count from it.
	await coord.goto(incidentPath + '/edit');
	await checkA11y(coord);
	await coord.fill('#f-aware_at', swedishLocal(120));
	await submit(coord, `form[action="${incidentPath}/edit"]`);
	const imyRow = coord.locator('tr', { has: coord.locator('a', { hasText: 'IMY (GDPR art. 33)' }) });
	assert.match(await imyRow.innerText(), /Löper/);
	assert.match(await imyRow.locator('.clock').innerText(), /^Tid kvar: (2 d|1 d) \d+ h$/);
	const early = coord.locator('tr', { hasText: 'Tidig varning' });
	assert.match(await early.innerText(), /Löper/);
	await checkA11y(coord);

	// --- The decision not to notify IMY: first without a reason. ---
	await Promise.all([coord.waitForNavigation(), imyRow.locator('a').click()]);
	assert.match(await coord.locator('h1').innerText(), /IMY \(GDPR art. 33\)/);
	await checkA11y(coord);
	await coord.selectOption('#f-decision', 'no');
	const bad = await submit(coord, 'form[action$="/decision"]');
	assert.equal(bad.status(), 400);
	assert.equal(await coord.locator('.error-summary a[href="#f-reason"]').count(), 1);
	assert.match(await coord.locator('.error-summary').innerText(), /Skäl: Ange varför skyldigheten inte gäller/);
	assert.equal(await coord.getAttribute('#f-reason', 'aria-invalid'), 'true');
	assert.equal(await coord.inputValue('#f-decision'), 'no');
	await checkA11y(coord);
	const reason = 'Ej anmäld till IMY: osannolikt att den medför en risk, eftersom mottagaren raderade mejlet direkt.';
	await coord.fill('#f-reason', reason);
	await submit(coord, 'form[action$="/decision"]');
	assert.match(await coord.locator('main').innerText(), /Anmälan till IMY: Krävs inte/);

	// The incident: the IMY clock has stopped; the CSIRT's early warning still runs; the reason is logged.
	await coord.goto(incidentPath);
	assert.match(await imyRow.innerText(), /Krävs inte/);
	assert.equal(await imyRow.locator('.clock').count(), 0);
	assert.match(await early.innerText(), /Löper/);
	const log = await coord.locator('section:has(#log-h) table').innerText();
	assert.ok(log.includes(reason), 'the reason is in the log of decisions');
	assert.match(log, /Anmälningsskyldighet IMY \(GDPR art. 33\): gäller inte/);
	await checkA11y(coord);

	// --- The texts for the CSIRT and IMY, to copy from. ---
	await Promise.all([coord.waitForNavigation(), coord.click('a[href$="/texts/csirt"]')]);
	const csirt = await coord.locator('main').innerText();
	assert.match(csirt, /1\. Tidig varning, inom 24 timmar \(art\. 23\.4 a\)/);
	assert.match(csirt, /2\. Incidentanmälan, inom 72 timmar \(art\. 23\.4 b\)/);
	assert.match(csirt, /3\. Slutrapport, inom en månad efter incidentanmälan \(art\. 23\.4 d\)/);
	assert.match(csirt, /Misstänkt olaglig eller avsiktligt skadlig handling/);
	await checkA11y(coord);
	await coord.goto(incidentPath + '/texts/imy');
	assert.match(await coord.locator('main').innerText(), /Anspråk på sekretess/);
	await checkA11y(coord);
	await coord.goto('/incidents/stats');
	assert.equal(await coord.locator('svg').count() > 0, true);
	await checkA11y(coord);

	// The reporter's own list follows the status.
	await reader.goto('/incidents/mine');
	assert.match(await reader.locator('main table').innerText(), /Under utredning/);
});
