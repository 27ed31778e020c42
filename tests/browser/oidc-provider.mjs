// oidc-provider.mjs - a real OpenID Connect provider for the browser tests:
// panva's oidc-provider (OpenID Certified, from the npm registry, pinned in
// package.json), configured here and started on a free port of 127.0.0.1.
//
//	import { startOidcProvider } from './oidc-provider.mjs';
//	const op = await startOidcProvider({ rpUrl: server.url, clientSecret: 's3cret' });
//	// op.issuer: "http://127.0.0.1:PORT" (discovery at op.issuer + '/.well-known/openid-configuration')
//	await op.stop();
//
// What it serves: one client (@clientId, a confidential web client that
// sends its secret in the token request, client_secret_post) whose redirect
// URI is Tillit's callback (@rpUrl + /login/oidc/callback) and whose
// sign-out returns to @rpUrl/login; the authorization code flow only, PKCE
// with S256 required. Its key set holds an RSA key and a P-256 key, made at
// start; the ID token is signed with @alg (RS256 or ES256). The people in
// ACCOUNTS sign in with their password on a small login page of our own
// (below); the client counts as the organisation's own, so no consent page
// follows. Their claims (sub, name, email, groups) go into the ID token for
// the scopes openid, profile, email and groups.
//
// Run on its own it prints its issuer and serves until interrupted:
//	node tests/browser/oidc-provider.mjs http://127.0.0.1:8080 s3cret
// (the Tillit address, the client secret; the client id is "tillit").

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import Provider from 'oidc-provider';

/** The people the provider knows, by subject. */
export const ACCOUNTS = {
	'anna.a': { password: 'anna-password', name: 'Anna Andersson', email: 'anna@ekdala.se',
		    groups: ['ekdala-alla', 'ekdala-dataskydd'] },
	'bertil.b': { password: 'bertil-password', name: 'Bertil Berg', email: 'bertil@ekdala.se',
		      groups: ['ekdala-alla'] },
	'cecilia.c': { password: 'cecilia-password', name: 'Cecilia Ceder', email: 'cecilia@ekdala.se',
		       groups: ['ekdala-alla', 'ekdala-it-sakerhet'] },
};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body)
{
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
		`<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function loginPage(uid, client, error, login = '')
{
	return page('Ekdala identity provider: sign in',
		    `<p>Sign in to continue to ${esc(client)}.</p>` +
		    (error ? `<p role="alert" class="error">${esc(error)}</p>` : '') +
		    `<form method="post" action="/interaction/${esc(uid)}/login">` +
		    `<p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" value="${esc(login)}" required></p>` +
		    `<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>` +
		    '<p><button type="submit">Sign in</button></p></form>');
}

function readForm(req)
{
	return new Promise((resolve, reject) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (d) => {
			body += d;
			if (body.length > 10000)
				req.destroy(new Error('form too large'));
		});
		req.on('end', () => resolve(new URLSearchParams(body)));
		req.on('error', reject);
	});
}

function sendHtml(res, status, html)
{
	res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
	res.end(html);
}

/**
 * Start the provider for the relying party at @rpUrl (no trailing slash).
 * Resolves to { issuer, port, provider, stop() } once it listens.
 */
export async function startOidcProvider({ rpUrl, clientId = 'tillit', clientSecret, alg = 'RS256',
					  accounts = ACCOUNTS })
{
	if (!rpUrl || !clientSecret)
		throw new Error('startOidcProvider: rpUrl and clientSecret are required');
	const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
	const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
	const server = http.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const issuer = `http://127.0.0.1:${port}`;

	const provider = new Provider(issuer, {
		clients: [{
			client_id: clientId,
			client_secret: clientSecret,
			redirect_uris: [`${rpUrl}/login/oidc/callback`],
			post_logout_redirect_uris: [`${rpUrl}/login`],
			response_types: ['code'],
			grant_types: ['authorization_code'],
			token_endpoint_auth_method: 'client_secret_post',
			id_token_signed_response_alg: alg,
		}],
		jwks: { keys: [{ ...rsa, kid: 'rsa-1', use: 'sig', alg: 'RS256' },
			       { ...ec, kid: 'ec-1', use: 'sig', alg: 'ES256' }] },
		pkce: { methods: ['S256'], required: () => true },
		claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
		// The ID token carries the claims of the scopes granted (as Entra ID's does), not only
		// the userinfo endpoint: Tillit reads them from the ID token.
		conformIdTokenClaims: false,
		async findAccount(ctx, sub) {
			const who = accounts[sub];
			if (!who)
				return undefined;
			return {
				accountId: sub,
				async claims() {
					return { sub, name: who.name, email: who.email, groups: who.groups };
				},
			};
		},
		// The client is the organisation's own: its consent is given once for everyone.
		async loadExistingGrant(ctx) {
			const grantId = ctx.oidc.result?.consent?.grantId ||
				ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
			if (grantId)
				return ctx.oidc.provider.Grant.find(grantId);
			if (!ctx.oidc.session.accountId)
				return undefined;
			const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId,
								   accountId: ctx.oidc.session.accountId });
			grant.addOIDCScope('openid profile email groups');
			await grant.save();
			return grant;
		},
		interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
		features: {
			devInteractions: { enabled: false },
			rpInitiatedLogout: {
				enabled: true,
				async logoutSource(ctx, form) {
					ctx.body = page('Ekdala identity provider: sign out',
							`<p>Sign out from the identity provider as well?</p>${form}` +
							'<p><button type="submit" form="op.logoutForm" name="logout" value="yes">' +
							'Yes, sign me out</button></p>');
				},
				async postLogoutSuccessSource(ctx) {
					ctx.body = page('Ekdala identity provider', '<p>You are signed out.</p>');
				},
			},
		},
		// Over http on 127.0.0.1 a SameSite=None cookie would be dropped by the browser.
		cookies: { keys: [randomBytes(32).toString('hex')], long: { sameSite: 'lax' }, short: { sameSite: 'lax' } },
		ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
		async renderError(ctx, out) {
			ctx.type = 'html';
			ctx.body = page('Ekdala identity provider: error',
					`<p role="alert">${esc(out.error)}: ${esc(out.error_description || '')}</p>`);
		},
	});
	const callback = provider.callback();

	// The login step: the provider sends the browser to /interaction/UID; the form posts to /interaction/UID/login.
	async function interaction(req, res, uid, action)
	{
		const details = await provider.interactionDetails(req, res);
		if (details.uid !== uid || details.prompt.name !== 'login')
			return sendHtml(res, 400, page('Ekdala identity provider: error', '<p role="alert">Start again.</p>'));
		const client = details.params.client_id;
		if (req.method === 'GET' && !action)
			return sendHtml(res, 200, loginPage(uid, client, ''));
		if (req.method !== 'POST' || action !== 'login')
			return sendHtml(res, 405, page('Ekdala identity provider: error', '<p role="alert">Not allowed.</p>'));
		const form = await readForm(req);
		const login = form.get('login') || '';
		const who = Object.hasOwn(accounts, login) ? accounts[login] : null;
		if (!who || who.password !== form.get('password'))
			return sendHtml(res, 200, loginPage(uid, client, 'Wrong username or password.', login));
		return provider.interactionFinished(req, res, { login: { accountId: login } },
						    { mergeWithLastSubmission: false });
	}

	server.on('request', (req, res) => {
		const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(new URL(req.url, issuer).pathname);
		if (!m)
			return callback(req, res);
		interaction(req, res, m[1], m[2]).catch((err) => {
			if (!res.headersSent)
				sendHtml(res, 400, page('Ekdala identity provider: error', `<p role="alert">${esc(err.message)}</p>`));
			else
				res.end();
		});
	});

	return {
		issuer,
		port,
		provider,
		stop: () => new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections?.();
		}),
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const [rpUrl, clientSecret] = process.argv.slice(2);
	if (!rpUrl || !clientSecret) {
		console.error('usage: node oidc-provider.mjs TILLIT_URL CLIENT_SECRET');
		process.exit(2);
	}
	const op = await startOidcProvider({ rpUrl, clientSecret });
	console.log(op.issuer);
	const quit = () => op.stop().then(() => process.exit(0));
	process.on('SIGINT', quit);
	process.on('SIGTERM', quit);
}
