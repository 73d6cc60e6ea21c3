#!/usr/bin/env bash
# ctest "interop": credentials that dataport issues from the LinkedIn sample must verify with npm
# libraries that know nothing of dataport (check.mjs), and tampered ones must fail there and in
# `dataport credential verify`. Skips (exit 77) only when node is absent. Installs the pinned
# packages (package-lock.json) into tests/interop/node_modules on first run.
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
HERE="$SRC/tests/interop"
. "$SRC/tests/cli/lib.sh"
. "$HERE/node_check.sh"
if [ ! -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAIL: npm ci in tests/interop"; exit 1; }
fi
DB="$T/dp.db"
dp() { "$DP" --db "$DB" -q "$@"; }
# check.mjs must say VERIFIED (pass) or NOT VERIFIED (fail); its output is kept for failures.
expect_verified() {
  local what=$1; shift
  if node "$HERE/check.mjs" "$@" >"$T/check.out" 2>&1; then ok; else bad "$what: npm verifiers rejected it"; cat "$T/check.out" >&2; fi
}
expect_rejected() {
  local what=$1; shift
  if node "$HERE/check.mjs" "$@" >"$T/check.out" 2>&1; then bad "$what: npm verifiers accepted a tampered credential"; cat "$T/check.out" >&2; else ok; fi
}
dp_valid() {
  local what=$1; shift
  if dp credential verify "$@" >"$T/dp.out" 2>&1; then ok; else bad "$what: dataport rejected it"; cat "$T/dp.out" >&2; fi
}
dp_invalid() {
  local what=$1; shift
  if dp credential verify "$@" >"$T/dp.out" 2>&1; then bad "$what: dataport accepted a tampered credential"; else ok; fi
}
# tamper FILE JS-EXPRESSION: rewrites a JSON file through a function of `c`.
tamper() { node -e "const fs=require('fs');const c=JSON.parse(fs.readFileSync('$1','utf8'));$2;fs.writeFileSync('$1',JSON.stringify(c))"; }

dp ingest "$SRC/samples/linkedin/Complete_LinkedInDataExport_03-15-2026"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "ingest of the LinkedIn sample failed ($rc)"
dp key generate --name issuer >/dev/null && ok || bad "key generate ed25519"
dp key generate --type p256 --name es >/dev/null && ok || bad "key generate p256"
dp key generate --type p256 --name holder >/dev/null && ok || bad "key generate holder"
dp key export-public es >"$T/es.jwk"
dp key export-public issuer >"$T/ed.jwk"

# ---- W3C VC 2.0, eddsa-jcs-2022 -------------------------------------------------------------
for type in position education account profile verification; do
  if ! dp credential issue "$type" --key issuer --valid-days 365 >"$T/$type.ndjson"; then
    bad "issue $type vc"
    continue
  fi
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    f="$T/$type-$n.json"
    printf '%s\n' "$line" >"$f"
    expect_verified "$type vc #$n" di "$f"
    dp_valid "$type vc #$n" "$f"
  done <"$T/$type.ndjson"
  [ "$n" -gt 0 ] && ok || bad "no $type credential issued from the sample"
done
cp "$T/position-1.json" "$T/t1.json"
tamper "$T/t1.json" "c.credentialSubject.title='Chief Executive Officer'"
expect_rejected "vc with a changed claim" di "$T/t1.json"
dp_invalid "vc with a changed claim" "$T/t1.json"
cp "$T/position-1.json" "$T/t2.json"
tamper "$T/t2.json" "c.validUntil='2099-01-01T00:00:00Z'"
expect_rejected "vc with a longer validity" di "$T/t2.json"
dp_invalid "vc with a longer validity" "$T/t2.json"
cp "$T/position-1.json" "$T/t3.json"
tamper "$T/t3.json" "c.evidence[0].archive_sha256='0'.repeat(64)"
expect_rejected "vc with other evidence" di "$T/t3.json"
dp_invalid "vc with other evidence" "$T/t3.json"
expect_rejected "vc checked after it expired" di "$T/position-1.json" --now 2099-01-01T00:00:00Z
dp_invalid "vc checked after it expired" "$T/position-1.json" --now 2099-01-01T00:00:00Z
dp_invalid "vc checked against another issuer key" "$T/position-1.json" --issuer-key "$T/es.jwk"

# ---- SD-JWT VC, ES256 and EdDSA -----------------------------------------------------------
dp credential issue position --format sd-jwt --key es --holder-key holder --select "$(dp query --kind position --format ndjson | head -1 | node -e "process.stdin.on('data',d=>process.stdout.write(JSON.parse(d).id))")" -o "$T/pos.sdjwt" \
  && ok || bad "issue sd-jwt position"
expect_verified "sd-jwt as issued (ES256)" sdjwt "$T/pos.sdjwt" "$T/es.jwk"
dp_valid "sd-jwt as issued (ES256)" "$T/pos.sdjwt" --issuer-key "$T/es.jwk"
dp credential present "$T/pos.sdjwt" --disclose company,title --holder-key holder --aud https://verifier.example \
  --nonce n-0S6_WzA2Mj -o "$T/shown.sdjwt" && ok || bad "present"
expect_verified "presentation with key binding" sdjwt "$T/shown.sdjwt" "$T/es.jwk" --nonce n-0S6_WzA2Mj --aud https://verifier.example
dp_valid "presentation with key binding" "$T/shown.sdjwt" --issuer-key "$T/es.jwk" --nonce n-0S6_WzA2Mj --aud https://verifier.example
node "$HERE/check.mjs" sdjwt "$T/shown.sdjwt" "$T/es.jwk" --nonce n-0S6_WzA2Mj >"$T/claims.out" 2>&1
expect_contains "presentation shows the company" '"company"' "$(cat "$T/claims.out")"
expect_not_contains "presentation hides the start date" '"start"' "$(cat "$T/claims.out")"
expect_rejected "presentation with the wrong nonce" sdjwt "$T/shown.sdjwt" "$T/es.jwk" --nonce other
dp_invalid "presentation with the wrong nonce" "$T/shown.sdjwt" --issuer-key "$T/es.jwk" --nonce other
expect_rejected "sd-jwt checked with another issuer key" sdjwt "$T/pos.sdjwt" "$T/ed.jwk"
dp_invalid "sd-jwt checked with another issuer key" "$T/pos.sdjwt" --issuer-key "$T/ed.jwk"
# A forged disclosure appended to a genuine token.
forged=$(node -e "process.stdout.write(Buffer.from(JSON.stringify(['c2FsdHNhbHRzYWx0c2FsdA','title','CEO'])).toString('base64url'))")
printf '%s%s~\n' "$(cat "$T/pos.sdjwt")" "$forged" >"$T/forged.sdjwt"
expect_rejected "sd-jwt with a forged disclosure" sdjwt "$T/forged.sdjwt" "$T/es.jwk"
dp_invalid "sd-jwt with a forged disclosure" "$T/forged.sdjwt" --issuer-key "$T/es.jwk"
# A changed payload under the original signature.
node -e "
const t=require('fs').readFileSync('$T/pos.sdjwt','utf8').trim();const [jwt,...rest]=t.split('~');const [h,p,s]=jwt.split('.');
const o=JSON.parse(Buffer.from(p,'base64url'));o.exp=4102444800;
process.stdout.write([h,Buffer.from(JSON.stringify(o)).toString('base64url'),s].join('.')+'~'+rest.join('~'))" >"$T/payload.sdjwt"
expect_rejected "sd-jwt with a changed payload" sdjwt "$T/payload.sdjwt" "$T/es.jwk"
dp_invalid "sd-jwt with a changed payload" "$T/payload.sdjwt" --issuer-key "$T/es.jwk"

dp credential issue account --format sd-jwt --key issuer -o "$T/acc.sdjwt" && ok || bad "issue sd-jwt account (EdDSA)"
expect_verified "sd-jwt account (EdDSA)" sdjwt "$T/acc.sdjwt" "$T/ed.jwk"
# One key, one kid: jose's JWKS lookup (it selects by the header's kid) with the exported keys.
dp key export-public issuer --format jwks >"$T/ed.jwks"
dp key export-public es --format jwks >"$T/es.jwks"
for pair in "acc.sdjwt ed.jwks" "pos.sdjwt es.jwks"; do
  set -- $pair
  if (cd "$HERE" && node --input-type=module -e "
import * as jose from 'jose'; import fs from 'fs';
const jwt = fs.readFileSync('$T/$1', 'utf8').trim().split('~')[0];
const set = jose.createLocalJWKSet(JSON.parse(fs.readFileSync('$T/$2', 'utf8')));
await jose.compactVerify(jwt, set);
const kid = jose.decodeProtectedHeader(jwt).kid, exported = JSON.parse(fs.readFileSync('$T/$2', 'utf8')).keys[0].kid;
if (kid !== exported) throw new Error('kid ' + kid + ' is not the exported ' + exported);
" >"$T/kid.out" 2>&1); then ok; else bad "$1: jose with the exported JWKS: $(cat "$T/kid.out")"; fi
done
dp_valid "sd-jwt account (EdDSA, did:key issuer)" "$T/acc.sdjwt"

# ---- the provenance credential of a signed bundle (eddsa-jcs-2022 over its tag manifest) -------
dp export bundle -o "$T/bundle.zip" --sign issuer && ok || bad "export bundle --sign"
python3 -c "import zipfile,sys; open(sys.argv[2],'wb').write(zipfile.ZipFile(sys.argv[1]).read('bundle/provenance-credential.json'))" \
  "$T/bundle.zip" "$T/provenance.json" && ok || bad "the signed bundle has no provenance-credential.json"
expect_verified "bundle provenance credential" di "$T/provenance.json"
dp_valid "bundle provenance credential" "$T/provenance.json"
tamper "$T/provenance.json" "c.credentialSubject.manifest_sha256 = '0'.repeat(64)"
expect_rejected "bundle provenance credential with another manifest hash" di "$T/provenance.json"
finish
