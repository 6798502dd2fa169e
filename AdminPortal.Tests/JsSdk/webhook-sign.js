'use strict';
// Signs a webhook body the way plugnmeet-protocol's URLNotifier does (webhook/url_notifier.go): SHA-256 of the exact body
// bytes in standard base64 with padding, put in the "sha256" claim of an HS256 JWT whose iss is the API key, valid from now
// for 5 minutes (LiveKit auth.AccessToken.ToJWT). Written with Node's own crypto, as a second implementation to check the
// portal's verifier against. Prints {"token": "..."}.
//
// Usage: node webhook-sign.js <bodyBase64> <apiKey> <apiSecret> <nowUnixSeconds>

const crypto = require('crypto');

const [bodyBase64, apiKey, apiSecret, nowText] = process.argv.slice(2);
if (!bodyBase64 || !apiKey || !apiSecret || !nowText) {
  process.stderr.write('usage: node webhook-sign.js <bodyBase64> <apiKey> <apiSecret> <nowUnixSeconds>\n');
  process.exit(2);
}

const body = Buffer.from(bodyBase64, 'base64');
const now = Number(nowText);
const base64url = (buffer) => buffer.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

const header = { alg: 'HS256', typ: 'JWT' };
const claims = {
  exp: now + 5 * 60,
  iss: apiKey,
  nbf: now,
  sha256: crypto.createHash('sha256').update(body).digest('base64'),
};
const signingInput = base64url(Buffer.from(JSON.stringify(header))) + '.' + base64url(Buffer.from(JSON.stringify(claims)));
const signature = base64url(crypto.createHmac('sha256', apiSecret).update(signingInput).digest());
process.stdout.write(JSON.stringify({ token: signingInput + '.' + signature }));
