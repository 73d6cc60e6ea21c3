#!/usr/bin/env bash
# dataport key / dataport credential from the command line, without node: key files and their
# permissions, issuing from the LinkedIn sample, verify's verdicts and exit codes, present, list.
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
DB="$T/dp.db"
dp() { "$DP" --db "$DB" -q "$@"; }

dp ingest "$SRC/samples/linkedin/Complete_LinkedInDataExport_03-15-2026"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "ingest failed ($rc)"

# Keys: 0600 files in the user's 0700 key folder; no overwrite; loose permissions refused.
out=$(dp key generate)
expect_contains "generate prints the did:key" "did:key:z6Mk" "$out"
expect_eq "key file mode" "600" "$(stat -c %a "$XDG_DATA_HOME/dataport/keys/default.json")"
expect_eq "key folder mode" "700" "$(stat -c %a "$XDG_DATA_HOME/dataport/keys")"
dp key generate >/dev/null 2>&1 && bad "a second 'default' key overwrote the first" || ok
dp key generate --type p256 --name es >/dev/null && ok || bad "generate p256"
dp key generate --type p256 --name holder >/dev/null && ok || bad "generate holder"
expect_not_contains "show hides the private key" '"d"' "$(dp key show default)"
expect_contains "show --private prints it" '"d"' "$(dp key show default --private 2>/dev/null)"
expect_contains "export-public gives a JWK" '"kty": "EC"' "$(dp key export-public es)"
expect_not_contains "export-public has no private part" '"d"' "$(dp key export-public es)"
expect_eq "export-public --format did" "$(dp key show default | grep '"did"' | cut -d'"' -f4)" "$(dp key export-public default --format did)"
expect_contains "list names the keys" "holder" "$(dp key list)"
chmod 644 "$XDG_DATA_HOME/dataport/keys/es.json"
err=$("$DP" --db "$DB" credential issue position --format sd-jwt --key es 2>&1 >/dev/null)
expect_eq "a world-readable key is refused (exit 1)" "1" "$?"
expect_contains "the refusal says why" "too open" "$err"
expect_contains "and how to fix it" "chmod 600" "$err"
chmod 600 "$XDG_DATA_HOME/dataport/keys/es.json"

# W3C VC: issue, verify, tamper.
dp credential issue position --select fabrikam -o "$T/job.json" && ok || bad "issue position vc"
dp credential verify "$T/job.json" >"$T/v.out"
expect_eq "verify exits 0 on a valid vc" "0" "$?"
expect_contains "verify prints the claims" '"company": "Fabrikam"' "$(cat "$T/v.out")"
sed 's/"Fabrikam"/"Fabrikam Global"/' "$T/job.json" >"$T/bad.json"
dp credential verify "$T/bad.json" >"$T/v.out" 2>/dev/null
expect_eq "verify exits 1 on a changed claim" "1" "$?"
expect_contains "and gives the reason" "signature does not match" "$(cat "$T/v.out")"
dp credential verify "$T/job.json" --now 2000-01-01T00:00:00Z >/dev/null 2>&1
expect_eq "not yet valid" "1" "$?"
dp key export-public es >"$T/es.jwk"
dp credential verify "$T/job.json" --issuer-key "$T/es.jwk" >/dev/null 2>&1
expect_eq "wrong issuer key" "1" "$?"
dp credential issue position --select fabrikam --issued-at 2026-01-01T00:00:00Z -o "$T/a.json" &&
  dp credential issue position --select fabrikam --issued-at 2026-01-01T00:00:00Z -o "$T/b.json"
expect_eq "Ed25519 credentials are reproducible" "$(cat "$T/a.json")" "$(cat "$T/b.json")"
dp credential issue position -o "$T/many.json" >/dev/null 2>&1
expect_eq "-o with several matches is an error" "1" "$?"
dp credential issue position --format vc --key es >/dev/null 2>&1
expect_eq "a p256 key cannot sign eddsa-jcs-2022" "1" "$?"
dp credential issue bogus >/dev/null 2>&1
expect_eq "unknown type is a usage error" "2" "$?"

# SD-JWT VC: issue bound to a holder key, present with key binding, verify.
dp credential issue position --format sd-jwt --key es --holder-key holder --select fabrikam -o "$T/pos.sdjwt" && ok || bad "issue sd-jwt"
expect_contains "sd-jwt ends with ~" "~" "$(tail -c 3 "$T/pos.sdjwt")"
dp credential present "$T/pos.sdjwt" --disclose company --holder-key holder --aud https://v.example --nonce abc -o "$T/shown.sdjwt" && ok || bad "present"
dp credential verify "$T/shown.sdjwt" --issuer-key "$T/es.jwk" --aud https://v.example --nonce abc --json >"$T/v.json"
expect_eq "presentation verifies" "0" "$?"
expect_contains "company disclosed" '"company": "Fabrikam"' "$(cat "$T/v.json")"
expect_not_contains "title hidden" '"title"' "$(cat "$T/v.json")"
dp credential verify "$T/shown.sdjwt" --issuer-key "$T/es.jwk" --aud https://v.example --nonce xyz >/dev/null 2>&1
expect_eq "wrong nonce fails" "1" "$?"
dp credential verify "$T/pos.sdjwt" --issuer-key "$T/es.jwk" --require-kb >/dev/null 2>&1
expect_eq "--require-kb without key binding fails" "1" "$?"
dp credential verify "$T/pos.sdjwt" >/dev/null 2>&1
expect_eq "an ES256 sd-jwt without --issuer-key cannot be verified" "1" "$?"
dp credential present "$T/pos.sdjwt" --disclose salary >/dev/null 2>&1
expect_eq "presenting an unknown claim fails" "1" "$?"

# One key store per user: a key made with one database signs against another; keys dataport 0.1
# kept beside a database are still found; the exported key's kid is the one the JWS carries.
"$DP" --db "$T/other.db" -q ingest "$SRC/samples/linkedin" 2>/dev/null
"$DP" --db "$T/other.db" -q credential issue account --key default -o "$T/other.json" && ok || bad "--key default against another --db"
[ -f "$XDG_DATA_HOME/dataport/keys/default.json" ] && ok || bad "the key is not in \$XDG_DATA_HOME/dataport/keys"
mkdir -p "$T/old"
DATAPORT_KEYS="$T/old/keys" "$DP" --db "$T/old/dp.db" -q key generate --name legacy >/dev/null
"$DP" --db "$T/old/dp.db" -q ingest "$SRC/samples/linkedin" 2>/dev/null
"$DP" --db "$T/old/dp.db" -q credential issue account --key legacy -o "$T/legacy.json" && ok || bad "a key beside the old database is not read"
expect_contains "key list shows the old key" "legacy" "$("$DP" --db "$T/old/dp.db" key list)"
"$DP" --db "$T/old/dp.db" -q key generate --name legacy >/dev/null 2>&1
expect_eq "a new key does not shadow an old one" "1" "$?"
dp credential issue account --format sd-jwt --key default -o "$T/ed.sdjwt" && ok || bad "issue ed25519 sd-jwt"
kid=$(cut -d. -f1 "$T/ed.sdjwt" | tr '_-' '/+' | base64 -d 2>/dev/null | sed -n 's/.*"kid":"\([^"]*\)".*/\1/p')
expect_eq "one key, one kid (ed25519)" "$(dp key export-public default | sed -n 's/.*"kid": "\([^"]*\)".*/\1/p')" "$kid"

# list and context
expect_contains "list shows issued credentials" "Fabrikam" "$(dp credential list)"
expect_contains "context defines company" '"company"' "$(dp credential context)"
expect_eq "context equals the shipped file" "$(tr -d ' \n' <"$SRC/docs/credentials-context-v1.jsonld")" "$(dp credential context | tr -d ' \n')"
finish
