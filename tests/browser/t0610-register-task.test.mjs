// t0610-register-task.test.mjs - the whole registering task in a real browser,
// in the Swedish interface, on the demo municipality, counting page loads:
// the coordinator registers the system "Ekonomisystem Raindance" and the
// information set "Leverantörsreskontra" it holds; the ekonomichef, system
// owner of the one and information owner of the other, classifies and signs
// both (the informationsägare signs the information set, the systemägare the
// system), assesses the requirements that apply, makes an activity of the
// action plan from one not fulfilled, and downloads the procurement appendix.
//
// What is counted: every document the main frame loads (the browser's "load"
// event: a link followed, a form posted and answered by a page, a redirect
// counted once, by the page it ends on), from the start page each person
// lands on after signing in (counted: load 1) to the downloaded appendix (a
// download is not a page load). Signing in is counted apart: the sign-in form,
// one load per person. The target is the whole task, both persons together,
// in fewer than 12 page loads. Every page counted is checked with axe-core
// (WCAG 2.1 A and AA), and at 1366x768 is photographed (kept in the
// directory TILLIT_SCREENSHOTS names, when set) and must not scroll sideways.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { test, assert, checkA11y, demoAccounts, login, runTillit } from './lib.mjs';

const SYSTEM = 'Ekonomisystem Raindance';
const SET = 'Leverantörsreskontra';
const VIEWPORT = { width: 1366, height: 768 };
// The demo's Kommunledningsförvaltningen (the demo's units get ids in the order it makes them).
const KLF_ID = '3';
const OWNER = { user: 'ekonomichef', name: 'Eva Ekström', password: 'ekonomichef-password-1' };

/**
 * Count the page loads of @page from now on, the current page being load 1,
 * and check each page: axe-core, a screenshot at the window's width, no
 * sideways scroll. check() must be called once on every page loaded.
 */
function counter(page, tag)
{
	const c = { tag, loads: 1, checked: 0, urls: [page.url()] };
	page.on('load', () => {
		c.loads++;
		c.urls.push(page.url());
	});
	c.check = async () => {
		await page.waitForLoadState('load');
		const { scroll, client } = await page.evaluate(() => ({
			scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
		assert.ok(scroll <= client, `${page.url()} is ${scroll} px wide in a ${client} px window`);
		const png = await page.screenshot({ fullPage: true });
		if (process.env.TILLIT_SCREENSHOTS) /* a directory to keep them in, to look at */
			writeFileSync(join(process.env.TILLIT_SCREENSHOTS, `0610-${c.tag}-${c.checked + 1}.png`), png);
		assert.equal(png.readUInt32BE(16), VIEWPORT.width, `the screenshot of ${page.url()} is as wide as the window`);
		await checkA11y(page);
		c.checked++;
	};
	return c;
}

/** Click @locator (a link or a submit button) and wait for the page it leads to. */
async function go(page, locator)
{
	return (await Promise.all([page.waitForNavigation(), locator.click()]))[0];
}

/** The entries of a ZIP archive (an XLSX workbook): { name: text }. */
function unzip(buf)
{
	const files = {};
	let eocd = buf.length - 22;
	while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50)
		eocd--;
	assert.ok(eocd >= 0, 'the download is a ZIP archive');
	let p = buf.readUInt32LE(eocd + 16);
	for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
		const method = buf.readUInt16LE(p + 10);
		const size = buf.readUInt32LE(p + 20);
		const nameLen = buf.readUInt16LE(p + 28);
		const extra = buf.readUInt16LE(p + 30);
		const comment = buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(start, start + size);
		files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
		p += 46 + nameLen + extra + comment;
	}
	return files;
}

test('0610.1 the registering task: a coordinator and a system owner, in fewer than 12 page loads', async (t) => {
	let pw = {};
	await t.server({
		admin: false,
		before: (db) => {
			pw = demoAccounts(runTillit(db, ['demo']));
			// The ekonomichef: owner over Kommunledningsförvaltningen, where the economy's systems are.
			runTillit(db, ['user', 'add', OWNER.user, '--name', OWNER.name, '--role', 'owner', '--unit', KLF_ID,
				       '--password-stdin'], `${OWNER.password}\n`);
		},
	});
	assert.ok(pw.samordnare, 'the demo prints its accounts');

	// --- The coordinator: the system and the information set it holds. ---
	const coord = await t.page({ viewport: VIEWPORT });
	await login(coord, 'samordnare', pw.samordnare);
	assert.equal(new URL(coord.url()).pathname, '/');
	const c = counter(coord, 'coordinator');
	await c.check();
	await go(coord, coord.locator('main a[href="/assets/new"]', { hasText: 'Registrera en informationstillgång' }));
	await c.check();
	await coord.selectOption('#f-unit_id', KLF_ID);
	await coord.selectOption('#f-kind', 'system');
	await coord.fill('#f-name', SYSTEM);
	await coord.fill('#f-description', 'Ekonomisystem för redovisning, reskontror och attest.');
	const ownerValue = await coord.$eval('#f-owner_id', (s, name) =>
		[...s.options].find((o) => o.textContent.includes(name))?.value, OWNER.name);
	assert.ok(ownerValue, 'the ekonomichef is offered as owner');
	await coord.selectOption('#f-owner_id', ownerValue);
	await coord.fill('#f-supplier', 'CGI Sverige AB');
	await coord.selectOption('#f-hosting', 'supplier');
	await coord.check('#f-business_critical');
	await go(coord, coord.locator('form[action="/assets"] [type="submit"]'));
	await c.check();
	assert.equal(await coord.locator('h1').innerText(), SYSTEM);
	const systemUrl = new URL(coord.url()).pathname;
	const systemId = systemUrl.split('/').pop();
	assert.match(await coord.locator('main dl.details').first().innerText(), /Systemägare\s*Eva Ekström/);
	// The page offers to classify it and to make the information set it holds.
	assert.equal(await coord.locator(`main a[href="${systemUrl}/classification/new"]`).count(), 1);
	const setForm = `form[action="${systemUrl}/information-sets"]`;
	await coord.fill(`${setForm} #f-name`, SET);
	await coord.fill(`${setForm} #f-description`, 'Leverantörer, fakturor och betalningar.');
	await coord.selectOption(`${setForm} #f-owner_id`, ownerValue);
	await go(coord, coord.locator(`${setForm} [type="submit"]`));
	await c.check();
	const setLink = coord.locator('#dependencies a', { hasText: SET });
	assert.equal(await setLink.count(), 1, 'the system holds the information set');
	const setUrl = await setLink.getAttribute('href');
	assert.match(await coord.locator('#dependencies').innerText(), /Innehåller/);
	assert.equal(c.checked, c.loads, 'every page the coordinator loaded was checked');
	const coordLoads = c.loads;
	console.log(`# the coordinator: ${coordLoads} page loads after signing in: ${c.urls.join(' ')}`);

	// --- The system owner: classify and sign both, assess, act, export. ---
	const owner = await t.page({ viewport: VIEWPORT, acceptDownloads: true });
	await login(owner, OWNER.user, OWNER.password);
	assert.equal(new URL(owner.url()).pathname, '/');
	const o = counter(owner, 'owner');
	await o.check();
	const classify = owner.locator('main section.todo', { hasText: 'Klassningar att göra' });
	assert.equal(await classify.locator(`a[href="${systemUrl}/classification/new"]`).count(), 1);
	await go(owner, classify.locator(`a[href="${setUrl}/classification/new"]`));
	await o.check();
	// The information set: its informationsägare answers and signs in one step.
	const setForm2 = `form[action="${setUrl}/classification"]`;
	const c3 = owner.locator('section[aria-labelledby="a-confidentiality"] fieldset.question label',
				 { hasText: '(minst nivå 3)' }).first();
	await owner.check(`#${await c3.getAttribute('for')}`);
	await go(owner, owner.locator(`${setForm2} button[value="sign"]`));
	await o.check();
	assert.equal(new URL(owner.url()).pathname, `${setUrl}/classification`);
	assert.match(await owner.locator('.flash').innerText(), /har signerats/);
	assert.match(await owner.locator('table.levels').first().innerText(), /Konfidentialitet\s*3/);
	assert.match(await owner.locator('main').innerText(), /Signerad[\s\S]*Eva Ekström/);
	// Next: the system that holds it.
	await go(owner, owner.locator(`#next-h + ul a[href="${systemUrl}/classification/new"]`));
	await o.check();
	const sysForm = `form[action="${systemUrl}/classification"]`;
	assert.match(await owner.locator('section[aria-labelledby="a-confidentiality"] dl.computed').innerText(),
		     new RegExp(`Ärvd lägsta nivå\\s*3[^\\n]*${SET}`));
	const i2 = owner.locator('section[aria-labelledby="a-integrity"] fieldset.question label',
				 { hasText: '(minst nivå 2)' }).first();
	await owner.check(`#${await i2.getAttribute('for')}`);
	await go(owner, owner.locator(`${sysForm} button[value="sign"]`));
	await o.check();
	assert.equal(new URL(owner.url()).pathname, `${systemUrl}/classification`);
	assert.match(await owner.locator('table.levels').first().innerText(), /Konfidentialitet\s*3/);
	// Next: the requirements that apply, those not assessed.
	await go(owner, owner.locator(`#next-h + ul a[href="${systemUrl}/requirements/assess?status=none"]`));
	await o.check();
	assert.equal(await owner.locator('#f-status option:checked').innerText(), 'Bara de som inte är bedömda');
	const selects = owner.locator('main form[method="post"] select[name^="s_"]');
	const rows = await selects.count();
	assert.ok(rows >= 5, 'several requirements apply');
	// A supplier requirement (LEV-*) applies to a system the supplier runs: not fulfilled, and made an activity.
	const lev = owner.locator('main form[method="post"] tr', { hasText: /LEV-\d+/ }).first();
	const levCode = (await lev.locator('th a').innerText()).trim();
	const levId = (await lev.getAttribute('id')).replace('req-', '');
	for (let i = 0; i < rows; i++)
		await selects.nth(i).selectOption('fulfilled');
	await owner.selectOption(`#f-s_${levId}`, 'not_fulfilled');
	await owner.fill(`#f-c_${levId}`, 'Avtalet saknar krav på incidentrapportering.');
	await owner.check(`#f-a_${levId}`);
	await go(owner, owner.locator('main form[method="post"] [type="submit"]'));
	await o.check();
	assert.equal(new URL(owner.url()).pathname, `${systemUrl}/requirements`);
	const levRow = owner.locator(`#req-${levId}`);
	assert.match(await levRow.innerText(), /Ej uppfylld/);
	const activity = levRow.locator('a[href^="/activities/"]');
	assert.equal(await activity.count(), 1, 'the requirement links its activity');
	const activityUrl = await activity.getAttribute('href');
	const summary = await owner.locator('main ul.summary').innerText();
	assert.match(summary, /Ej bedömd: 0/, 'every requirement is assessed');
	assert.match(summary, /Ej uppfylld: 1/);
	assert.match(summary, new RegExp(`Uppfylld: ${rows - 1}`));
	// The procurement appendix, downloaded.
	const [download] = await Promise.all([
		owner.waitForEvent('download'),
		owner.locator(`main a[href="${systemUrl}/requirements/appendix.xlsx"]`).click(),
	]);
	assert.equal(download.suggestedFilename(), `Upphandlingskrav ${SYSTEM}.xlsx`);
	const xlsx = unzip(await download.createReadStream().then(async (s) => {
		const parts = [];
		for await (const part of s)
			parts.push(part);
		return Buffer.concat(parts);
	}));
	const text = Object.entries(xlsx).filter(([n]) => n.startsWith('xl/')).map(([, v]) => v).join('\n');
	assert.ok(text.includes(SYSTEM), 'the appendix names the system');
	assert.ok(text.includes(levCode), `the appendix holds the supplier requirement ${levCode}`);
	assert.equal(o.checked, o.loads, 'every page the system owner loaded was checked');
	const ownerLoads = o.loads;
	console.log(`# the system owner: ${ownerLoads} page loads after signing in: ${o.urls.join(' ')}`);
	console.log(`# the whole task: ${coordLoads + ownerLoads} page loads (and 1 sign-in form per person)`);
	assert.ok(coordLoads < 12, `the coordinator's part took ${coordLoads} page loads`);
	assert.ok(ownerLoads < 12, `the system owner's part took ${ownerLoads} page loads`);
	assert.ok(coordLoads + ownerLoads < 12, `the whole task took ${coordLoads + ownerLoads} page loads`);

	// --- What a person finds afterwards (not counted). ---
	await owner.goto(activityUrl);
	assert.equal(await owner.locator(`main ul.links a[href="${systemUrl}"]`).innerText(), SYSTEM);
	assert.match(await owner.locator('main h1').innerText(), new RegExp(levCode));
	await checkA11y(owner);
	await owner.goto(setUrl);
	assert.equal(await owner.locator(`#dependencies a[href="${systemUrl}"]`).innerText(), SYSTEM);
	assert.match(await owner.locator('main dl.details').first().innerText(), /Informationsägare\s*Eva Ekström/);
	await checkA11y(owner);
	await owner.goto(`/assets?q=${encodeURIComponent('Raindance')}`);
	assert.match(await owner.locator(`main tr:has(a[href="${systemUrl}"])`).innerText(), /K\s*3/);
	await checkA11y(owner);
	assert.equal(systemId, systemUrl.split('/').pop());
	assert.deepEqual(coord.tillitErrors, []);
	assert.deepEqual(owner.tillitErrors, []);
});
