// t0001-login-page.test.mjs - smoke test: the login page opens in chromium,
// has a title naming Tillit, runs no failing script and passes axe's WCAG 2.1
// A/AA rules.
import { test, assert, checkA11y, expectNoErrors } from './lib.mjs';

test('0001.1 /login opens, title contains "Tillit", no serious axe violations', async (t) => {
	const page = await t.page();
	const res = await page.goto('/login');
	assert.equal(res.status(), 200);
	assert.match(await page.title(), /Tillit/);
	await checkA11y(page);
	expectNoErrors(page);
});
