#!/usr/bin/env node
// Verifies credentials issued by dataport with npm libraries that know nothing of dataport,
// fully offline (bundled JSON-LD contexts, local did:key resolution, no network loader).
//
//   node check.mjs di FILE [--now ISO] [--not-vc]
//       W3C VC 2.0 / Data Integrity eddsa-jcs-2022: JSON-LD safe-mode expansion (every term
//       defined), @digitalbazaar/vc verifyCredential (issuer = key controller, dates), and a
//       second JCS + Ed25519 computation with `canonicalize` and node:crypto.
//   node check.mjs sdjwt FILE ISSUER_JWK [--nonce N] [--aud A] [--now ISO]
//       SD-JWT VC with @sd-jwt/sd-jwt-vc 0.19.0, plus the RFC 9901 section 7 rules that
//       library skips (every disclosure referenced, no plaintext override, typ dc+sd-jwt).
// Exit code: 0 verified, 1 not verified, 2 usage.
import fs from 'node:fs';
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import jsonld from 'jsonld';
import * as vcLib from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import * as didMethodKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58 from 'base58-universal';
import * as jose from 'jose';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';

const failures = [];
const ok = (what) => console.log(`  pass: ${what}`);
const bad = (what, why) => {
  failures.push(what);
  console.log(`  FAIL: ${what}${why ? ': ' + String(why).slice(0, 400) : ''}`);
};

// ---- offline JSON-LD document loader ---------------------------------------
const docs = new Map();
for(const m of [credentialsContext.contexts, dataIntegrityContext.contexts, multikeyContext.contexts,
  didContext.contexts]) {
  for(const [url, doc] of m) {
    docs.set(url, doc);
  }
}
// dataport's own context, from the copy in the repository (as a verifier would bundle it).
docs.set('https://dataport.dev/credentials/v1', JSON.parse(fs.readFileSync(
  new URL('../../docs/credentials-context-v1.jsonld', import.meta.url), 'utf8')));
const didKey = didMethodKey.driver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
async function documentLoader(url) {
  if(docs.has(url)) {
    return {contextUrl: null, documentUrl: url, document: docs.get(url)};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`offline loader: will not fetch ${url}`);
}

function errors(result) {
  const out = [];
  const walk = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(walk);
      return;
    }
    out.push(e.message || String(e));
    walk(e.errors);
  };
  walk(result?.error);
  for(const r of result?.results || []) {
    walk(r.error);
  }
  return [...new Set(out)].join(' | ');
}

// ---- Data Integrity --------------------------------------------------------
async function checkDi(doc, {now, notVc}) {
  try {
    await jsonld.expand(doc, {documentLoader, safe: true});
    ok('json-ld safe mode: every term defined, every context available offline');
  } catch(e) {
    bad('json-ld safe mode', e.details?.event?.message || e.message);
  }
  // Independent recomputation of eddsa-jcs-2022 (W3C vc-di-eddsa 3.3.2).
  try {
    const proof = {...doc.proof};
    const unsecured = {...doc};
    delete unsecured.proof;
    const proofValue = proof.proofValue;
    delete proof.proofValue;
    const sha = s => crypto.createHash('sha256').update(s, 'utf8').digest();
    const hashData = Buffer.concat([sha(canonicalize(proof)), sha(canonicalize(unsecured))]);
    const mb = proof.verificationMethod.split('#')[1];
    const raw = base58.decode(mb.slice(1));
    if(raw[0] !== 0xed || raw[1] !== 0x01 || raw.length !== 34) {
      throw new Error('not an ed25519 did:key');
    }
    const key = crypto.createPublicKey({format: 'jwk',
      key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.subarray(2)).toString('base64url')}});
    const verified = crypto.verify(null, hashData, key, Buffer.from(base58.decode(proofValue.slice(1))));
    verified ? ok('canonicalize + node:crypto: Ed25519 signature over JCS hashes') :
      bad('canonicalize + node:crypto: Ed25519 signature over JCS hashes');
  } catch(e) {
    bad('canonicalize + node:crypto', e.message);
  }
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  if(notVc) {
    const r = await jsigs.verify(doc, {suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader});
    r.verified ? ok('jsonld-signatures + eddsa-jcs-2022') : bad('jsonld-signatures + eddsa-jcs-2022', errors(r));
    return;
  }
  const r = await vcLib.verifyCredential({credential: doc, suite, documentLoader, now,
    checkStatus: async () => ({verified: true})});
  r.verified ? ok('@digitalbazaar/vc verifyCredential + eddsa-jcs-2022') :
    bad('@digitalbazaar/vc verifyCredential + eddsa-jcs-2022', errors(r));
}

// ---- SD-JWT VC ---------------------------------------------------------------
const b64json = s => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
const digest = s => crypto.createHash('sha256').update(s, 'ascii').digest('base64url');

// The RFC 9901 section 7.1 rules @sd-jwt 0.19.0 does not enforce.
function strictRules(token) {
  const parts = token.split('~');
  const header = b64json(parts[0].split('.')[0]);
  const payload = b64json(parts[0].split('.')[1]);
  if(header.typ !== 'dc+sd-jwt') {
    throw new Error(`typ is ${header.typ}, not dc+sd-jwt`);
  }
  const disclosures = new Map(parts.slice(1, -1).map(d => [digest(d), JSON.parse(Buffer.from(d, 'base64url'))]));
  const used = new Set();
  const seen = new Set();
  const walk = (v, top) => {
    if(Array.isArray(v)) {
      for(const e of v) {
        if(e && typeof e === 'object' && !Array.isArray(e) && Object.keys(e).length === 1 && '...' in e) {
          if(seen.has(e['...'])) {
            throw new Error('duplicate digest');
          }
          seen.add(e['...']);
          const d = disclosures.get(e['...']);
          if(d) {
            if(d.length !== 2) {
              throw new Error('array digest refers to a claim disclosure');
            }
            used.add(e['...']);
            walk(d[1], false);
          }
        } else {
          walk(e, false);
        }
      }
    } else if(v && typeof v === 'object') {
      for(const [k, x] of Object.entries(v)) {
        if(k !== '_sd') {
          walk(x, false);
        }
      }
      for(const h of v._sd || []) {
        if(seen.has(h)) {
          throw new Error('duplicate digest');
        }
        seen.add(h);
        const d = disclosures.get(h);
        if(!d) {
          continue;
        }
        if(d.length !== 3) {
          throw new Error('_sd digest refers to an array element disclosure');
        }
        if(d[1] in v) {
          throw new Error(`disclosure overrides plaintext claim ${d[1]}`);
        }
        if(top && ['iss', 'nbf', 'exp', 'cnf', 'vct', 'status'].includes(d[1])) {
          throw new Error(`${d[1]} must not be selectively disclosed`);
        }
        used.add(h);
        walk(d[2], false);
      }
    }
  };
  walk(payload, true);
  for(const h of disclosures.keys()) {
    if(!used.has(h)) {
      throw new Error('a disclosure is not referenced by the payload');
    }
  }
}

async function checkSdJwt(token, jwk, {nonce, aud, now}) {
  try {
    strictRules(token);
    ok('RFC 9901 section 7 rules (referenced disclosures, no override, typ)');
  } catch(e) {
    bad('RFC 9901 section 7 rules', e.message);
  }
  const parts = token.split('~');
  const kb = parts[parts.length - 1];
  const alg = jose.decodeProtectedHeader(parts[0]).alg;
  const verifierFor = (key, a) => async (data, sig) => {
    try {
      const {d, ...pub} = key;
      await jose.compactVerify(`${data}.${sig}`, await jose.importJWK(pub, a), {algorithms: [a]});
      return true;
    } catch {
      return false;
    }
  };
  const inst = new SDJwtVcInstance({
    hasher: async (data) => new Uint8Array(crypto.createHash('sha256').update(data).digest()),
    hashAlg: 'sha-256',
    verifier: verifierFor(jwk, alg),
    kbVerifier: async (data, sig, payload) =>
      verifierFor(payload.cnf.jwk, JSON.parse(Buffer.from(data.split('.')[0], 'base64url')).alg)(data, sig),
    statusListFetcher: async () => {
      throw new Error('offline');
    },
    loadTypeMetadataFormat: false
  });
  const opts = {currentDate: Math.floor(now.getTime() / 1000), requiredClaimKeys: ['vct']};
  if(kb) {
    opts.keyBindingNonce = nonce ?? b64json(kb.split('.')[1]).nonce;
  }
  try {
    const res = await inst.verify(token, opts);
    if(kb && aud && res.kb?.payload?.aud !== aud) {
      throw new Error(`KB-JWT aud ${res.kb?.payload?.aud}, expected ${aud}`);
    }
    ok('@sd-jwt/sd-jwt-vc verify' + (kb ? ' incl. key binding' : ''));
    console.log(JSON.stringify(await inst.getClaims(token.replace(/~[^~]*$/, '~')).catch(() => res.payload)));
  } catch(e) {
    bad('@sd-jwt/sd-jwt-vc verify', e.message);
  }
}

async function main() {
  const [mode, file, ...rest] = process.argv.slice(2);
  const flag = n => {
    const i = rest.indexOf(n);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const now = flag('--now') ? new Date(flag('--now')) : new Date();
  if(mode === 'di' && file) {
    console.log(`check di ${file}`);
    await checkDi(JSON.parse(fs.readFileSync(file, 'utf8')), {now, notVc: rest.includes('--not-vc')});
  } else if(mode === 'sdjwt' && file && rest[0]) {
    console.log(`check sdjwt ${file}`);
    await checkSdJwt(fs.readFileSync(file, 'utf8').trim(), JSON.parse(fs.readFileSync(rest[0], 'utf8')),
      {nonce: flag('--nonce'), aud: flag('--aud'), now});
  } else {
    console.error('usage: node check.mjs di FILE [--now ISO] [--not-vc] | sdjwt FILE ISSUER_JWK [--nonce N] [--aud A] [--now ISO]');
    process.exit(2);
  }
  console.log(failures.length ? 'NOT VERIFIED' : 'VERIFIED');
  process.exit(failures.length ? 1 : 0);
}

main().catch(e => {
  console.log(`NOT VERIFIED: ${e.message}`);
  process.exit(1);
});
