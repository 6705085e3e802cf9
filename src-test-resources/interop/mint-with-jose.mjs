// Regenerates jose-tokens.properties: tokens minted by an independent JWT implementation (npm "jose" 6.x)
// with the test-only keys, so filter-core's tests prove interoperability without Node at test time.
// Run from this folder:  npm install --no-save jose@6 && node mint-with-jose.mjs > jose-tokens.properties
import * as jose from 'jose';
import fs from 'fs';

const keys = '../keys/';
const read = (f) => fs.readFileSync(keys + f, 'utf8');
const iat = 1893456000; // 2030-01-01T00:00:00Z; tests verify with a clock fixed on 2030-01-01T00:05:00Z
const exp = iat + 3600;
const claims = { roles: ['user', 'admin'], scope: 'todo:read todo:write', realm_access: { roles: ['auditor'] } };

const rs256 = await jose.importPKCS8(read('test-only-rsa-2048-private.pem'), 'RS256');
const es256 = await jose.importPKCS8(read('test-only-ec-p256-private.pem'), 'ES256');
const es384 = await jose.importPKCS8(read('test-only-ec-p384-private.pem'), 'ES384');
const hmac = new TextEncoder().encode(read('test-only-hmac-64-bytes.txt').trim());

function mint(alg, key, header = {}, jti = alg.toLowerCase(), options = undefined) {
  return new jose.SignJWT({ ...claims, jti })
    .setProtectedHeader({ alg, typ: 'JWT', ...header })
    .setIssuer('https://issuer.test')
    .setAudience(['test-api', 'another-api'])
    .setSubject('alice')
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(key, options);
}

const out = {
  RS256: await mint('RS256', rs256),
  ES256: await mint('ES256', es256),
  ES384: await mint('ES384', es384),
  HS256: await mint('HS256', hmac),
  HS512: await mint('HS512', hmac),
  // valid signature, but a critical header extension the filter does not understand
  RS256_CRIT: await mint('RS256', rs256, { crit: ['http://example.com/ext'], 'http://example.com/ext': true }, 'rs256-crit',
    { crit: { 'http://example.com/ext': true } }),
};
console.log('# Minted by npm jose 6.x with mint-with-jose.mjs; iat/nbf 2030-01-01T00:00:00Z, exp one hour later.');
for (const [k, v] of Object.entries(out)) console.log(`${k}=${v}`);
