// Tokens are JWTs that any backend can mint: here `jose` from npm signs them, HS256 with the
// proxy's shared secret and ES256 with a private key whose public half the proxy holds in a
// JSON Web Key Set, and the running proxy binary accepts them (and refuses the wrong ones).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startProxy } from './support/proxy.mjs';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
let proxy;
let dir;
let siteKey;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'waitline-tokens-'));
  const secretFile = path.join(dir, 'secret');
  writeFileSync(secretFile, `${SECRET}\n`);
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  siteKey = privateKey;
  const keys = path.join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'site-2026', alg: 'ES256' }] }));
  proxy = await startProxy(['--token-secret-file', secretFile, '--token-keys-file', keys]);
});
after(async () => {
  await proxy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newContact() {
  const response = await fetch(`${proxy.url}/v1/demo/contacts`, { method: 'POST' });
  assert.equal(response.status, 201);
  return (await response.json()).contactId;
}

const metrics = (contactId, token) =>
  fetch(`${proxy.url}/v1/contacts/${contactId}/metrics`, { headers: { Authorization: `Bearer ${token}` } });

const hs256 = (claims, { expires = '10m', audience = 'waitline' } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(SECRET));

test('an HS256 token minted with the shared secret opens its contact, and only it', async () => {
  const contact = await newContact();
  const token = await hs256({ sub: contact });
  assert.equal((await metrics(contact, token)).status, 200);
  assert.equal((await metrics(await newContact(), token)).status, 403, "another contact's token");
});

test('an ES256 token signed with the site key named in the key set opens its contact', async () => {
  const contact = await newContact();
  const token = await new SignJWT({ sub: contact })
    .setProtectedHeader({ alg: 'ES256', kid: 'site-2026' })
    .setAudience('waitline')
    .setExpirationTime('10m')
    .sign(siteKey);
  assert.equal((await metrics(contact, token)).status, 200);
});

test('wrong audience, expired, too long, unknown kid, or another secret: 401', async () => {
  const contact = await newContact();
  const refused = [
    await hs256({ sub: contact }, { audience: 'another-service' }),
    await hs256({ sub: contact }, { expires: Math.floor(Date.now() / 1000) - 10 }),
    await hs256({ sub: contact }, { expires: '30d' }), // longer than the default week
    await new SignJWT({ sub: contact })
      .setProtectedHeader({ alg: 'HS256', kid: 'nobody' })
      .setAudience('waitline')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SECRET)),
    await new SignJWT({ sub: contact })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('waitline')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('someone-elses-secret-of-32-bytes-or-more')),
  ];
  for (const token of refused) assert.equal((await metrics(contact, token)).status, 401, token);
});
