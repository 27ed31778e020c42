// lib.mjs - helpers for Tillit's browser tests.
//
// A test file registers tests; they run one after another once the file has
// been loaded, each printing an "ok - NAME" or "not ok - NAME" line, and the
// file exits non-zero if any failed (tests/browser/run.sh adds up the lines):
//
//	import { test, checkA11y, login, assert } from './lib.mjs';
//	test('the login page', async (t) => {
//		const page = await t.page();        // server + chromium, started lazily
//		await page.goto('/login');           // relative to the server's URL
//		await checkA11y(page);
//	});
//
// Each test gets its own server: `tillit migrate` on a temporary SQLite
// database, an administrator account ("admin", password ADMIN_PASSWORD),
// then `tillit serve` on a free 127.0.0.1 port. Everything a test starts is
// stopped when it ends, and the server log is printed when it fails.
//
// Environment: TILLIT_BIN (required), CHROMIUM_BIN (default /usr/bin/chromium).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export { assert };

const here = dirname(fileURLToPath(import.meta.url));

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'browser-test-admin-password-1';
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// The axe rule tags checked by checkA11y(): WCAG 2.0 and 2.1, levels A and AA.
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function tillitBin()
{
	const bin = process.env.TILLIT_BIN;
	if (!bin || !existsSync(bin))
		throw new Error(`TILLIT_BIN must name the tillit binary (got ${bin ?? 'nothing'})`);
	return bin;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort()
{
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `tillit ARGS... --db DB` to completion, with @input on stdin.
 * Throws with the command's output if it fails.
 */
export function runTillit(db, args, input = '')
{
	const r = spawnSync(tillitBin(), [...args, '--db', db], { input, encoding: 'utf8', timeout: 30000 });
	if (r.error)
		throw r.error;
	if (r.status !== 0)
		throw new Error(`tillit ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

/** Create an account with `tillit user add NAME --role ROLE --password-stdin`. */
export function addUser(db, name, role, password)
{
	return runTillit(db, ['user', 'add', name, '--role', role, '--password-stdin'], `${password}\n`);
}

/** The demo's accounts, { name: password }, from what `tillit demo` prints (@out). */
export function demoAccounts(out)
{
	const m = {};
	for (const line of out.split('\n')) {
		const f = line.trim().split(/\s+/);
		if (f.length === 3 && /^(administrator|coordinator|dpo|owner|reader|auditor)$/.test(f[2]))
			m[f[0]] = f[1];
	}
	return m;
}

/** Does GET @url/healthz answer 200 within a second? */
function healthy(url)
{
	return new Promise((resolve) => {
		const req = http.get(`${url}/healthz`, { timeout: 1000 }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode === 200));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', () => resolve(false));
	});
}

/**
 * Start a server of our own: temporary directory and SQLite database,
 * `tillit migrate`, an administrator, then @before(db, dir) when given, and
 * `tillit serve` on a free port (with @env added to its environment, and
 * TILLIT_PUBLIC_URL set to its own address when @publicUrl); resolves
 * once GET /healthz answers 200 (at most 10 s). The result has url, port,
 * db, dir, log() (the server's output so far) and stop(), which sends SIGTERM,
 * waits up to 5 s (then SIGKILL) and resolves to the exit code (null when
 * killed by a signal), removing the directory.
 */
export async function startServer({ admin = true, before = null, publicUrl = false, env = {} } = {})
{
	const bin = tillitBin();
	const dir = mkdtempSync(join(tmpdir(), 'tillit-browser-'));
	const db = `sqlite:${join(dir, 't.db')}`;
	const logFile = join(dir, 'server.log');
	const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
	const cleanup = () => rmSync(dir, { recursive: true, force: true });

	try {
		runTillit(db, ['migrate']);
		if (admin)
			addUser(db, ADMIN_USER, 'administrator', ADMIN_PASSWORD);
		if (before)
			await before(db, dir);
	} catch (err) {
		cleanup();
		throw err;
	}

	for (let attempt = 1; attempt <= 3; attempt++) {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const fd = openSync(logFile, 'a');
		const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
				    { stdio: ['ignore', fd, fd],
				      env: { ...process.env, ...env, ...(publicUrl ? { TILLIT_PUBLIC_URL: url } : {}) } });
		closeSync(fd);
		let exited = null;
		const exitP = new Promise((resolve) => child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}));

		const deadline = Date.now() + 10000;
		while (!exited && Date.now() < deadline && !(await healthy(url)))
			await sleep(100);
		if (!exited && Date.now() < deadline) {
			const stop = async () => {
				if (!exited) {
					child.kill('SIGTERM');
					const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
					await exitP;
					clearTimeout(timer);
				}
				cleanup();
				return exited.code;
			};
			return { url, port, db, dir, log, stop };
		}
		if (!exited) {
			child.kill('SIGKILL');
			await exitP;
			const text = log();
			cleanup();
			throw new Error(`the server did not answer GET /healthz with 200 within 10 s; its log:\n${text}`);
		}
		// Exited at start-up: the port may have been taken meanwhile; try another.
	}
	const text = log();
	cleanup();
	throw new Error(`the server would not start; its log:\n${text}`);
}

/** Launch Debian's chromium, headless, through playwright-core. */
export function launchBrowser()
{
	return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS, timeout: 30000 });
}

/**
 * A new context and page on @browser. @baseURL makes page.goto('/path')
 * relative to the server. The page's console errors, uncaught exceptions and
 * CSP violations are collected in page.tillitErrors (see expectNoErrors()).
 * Pass { bypassCSP: true } in @options only if a test must inject script
 * into the page; checkA11y() does not need it.
 */
export async function newPage(browser, baseURL, options = {})
{
	const context = await browser.newContext({ baseURL, locale: 'sv-SE', ...options });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	page.tillitErrors = [];
	page.on('console', (msg) => {
		// Chromium asks for /favicon.ico by itself; a 404 there is not the page's error.
		if (msg.type() === 'error' && !/\/favicon\.ico$/.test(msg.location()?.url || ''))
			page.tillitErrors.push(`console: ${msg.text()} (${msg.location()?.url || page.url()})`);
	});
	page.on('pageerror', (err) => page.tillitErrors.push(`exception: ${err.message}`));
	return page;
}

/** Fail if the page logged a console error, threw, or broke its CSP. */
export function expectNoErrors(page)
{
	assert.deepEqual(page.tillitErrors, [], `errors on ${page.url()}`);
}

let axeSource = null;

function readAxe()
{
	if (axeSource === null)
		axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
	return axeSource;
}

/**
 * Run axe-core on the page with the WCAG 2.1 A/AA rules and throw if there is
 * any violation of impact "serious" or "critical" (all of them are printed;
 * lesser ones only as notes). Resolves to axe's result.
 *
 * axe is evaluated through the DevTools protocol, which the page's strict
 * CSP does not govern; page.addScriptTag() is the fallback, and needs a
 * context made with { bypassCSP: true } when the CSP forbids inline script.
 */
export async function checkA11y(page, { tags = A11Y_TAGS, exclude = [] } = {})
{
	if (!(await page.evaluate(() => typeof window.axe === 'object').catch(() => false))) {
		await page.evaluate(readAxe()).catch(() => {});
		if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
			try {
				await page.addScriptTag({ content: readAxe() });
			} catch (err) {
				throw new Error(`could not inject axe-core (${err.message}); ` +
						'create the context with { bypassCSP: true }');
			}
			if (!(await page.evaluate(() => typeof window.axe === 'object')))
				throw new Error('axe-core was blocked by the page\'s CSP: ' +
						'create the context with { bypassCSP: true }');
		}
	}
	const result = await page.evaluate(
		async ({ tags, exclude }) => {
			const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
			const r = await window.axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
			return { violations: r.violations.map((v) => ({
				id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
				nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
			})) };
		},
		{ tags, exclude });
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	for (const v of result.violations) {
		const mark = bad.includes(v) ? 'VIOLATION' : 'note';
		console.log(`# axe ${mark} [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl}) on ${page.url()}`);
		for (const n of v.nodes)
			console.log(`#     ${n.target}: ${(n.summary || '').replace(/\n/g, ' ')}`);
	}
	if (bad.length)
		throw new Error(`${bad.length} serious or critical accessibility violation(s) on ${page.url()}: ` +
				bad.map((v) => v.id).join(', '));
	return result;
}

/** Sign in through the login form; resolves once the next page has loaded. */
export async function login(page, user = ADMIN_USER, password = ADMIN_PASSWORD)
{
	await page.goto('/login');
	await page.fill('input[name="username"]', user);
	await page.fill('input[name="password"]', password);
	await Promise.all([
		page.waitForNavigation(),
		page.click('form[action="/login"] [type="submit"]'),
	]);
}

// --- the runner --------------------------------------------------------------

const tests = [];

/**
 * Register a test. @fn receives a context t with lazily started resources,
 * all released when the test ends: t.server() (see startServer), t.browser(),
 * t.page(options) (a new page whose baseURL is the server), and t.defer(fn)
 * to add a clean-up step of one's own.
 */
export function test(name, fn)
{
	tests.push({ name, fn });
	if (tests.length === 1)
		setImmediate(runAll);
}

function testContext()
{
	const cleanups = [];
	let server = null;
	let browser = null;
	const t = {
		defer(fn) { cleanups.push(fn); },
		async server(opts) {
			if (!server) {
				server = await startServer(opts);
				cleanups.push(() => server.stop());
			}
			return server;
		},
		async browser() {
			if (!browser) {
				browser = await launchBrowser();
				cleanups.push(() => browser.close());
			}
			return browser;
		},
		async page(options) {
			const s = await t.server();
			return newPage(await t.browser(), s.url, options);
		},
		get serverLog() { return server ? server.log() : ''; },
	};
	return { t, cleanups };
}

async function runAll()
{
	let passed = 0;
	let failed = 0;
	for (const { name, fn } of tests) {
		const { t, cleanups } = testContext();
		const started = Date.now();
		let error = null;
		let log = '';
		try {
			await fn(t);
		} catch (err) {
			error = err;
			log = t.serverLog;
		}
		for (const c of cleanups.reverse()) {
			try {
				await c();
			} catch (err) {
				error ??= err;
			}
		}
		const ms = Date.now() - started;
		if (!error) {
			passed++;
			console.log(`ok - ${name} (${ms} ms)`);
			continue;
		}
		failed++;
		console.log(`not ok - ${name} (${ms} ms)`);
		console.log(String(error.stack || error).replace(/^/gm, '#   '));
		if (log)
			console.log(`# server log:\n${log.trimEnd().replace(/^/gm, '#   ')}`);
	}
	console.log(`# ${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}
