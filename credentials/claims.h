#pragma once
// What a credential says, taken from stored records: the claims of each credential type
// (`dataport credential issue TYPE`), its W3C type name and SD-JWT VC `vct`, and the evidence
// that names the takeout they came from. Claim names are the snake_case fields of
// docs/schema.md, so the same claim reads the same in both formats.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// The credential types: position, education, profile, account, verification, bundle.
const std::vector<std::string_view>& credential_types();
/// True when `type` is one of credential_types().
bool is_credential_type(std::string_view type);
/// The record kinds a type is built from ("account" reads profiles; "bundle" reads none).
std::vector<std::string> credential_kinds(std::string_view type);
/// The VC type name: "PositionCredential", ...
std::string vc_type_name(std::string_view type);
/// The SD-JWT VC type: "urn:dataport:vct:position:1", ...
std::string vct_for(std::string_view type);

/// The claims of one credential, and where they came from.
struct ClaimSet {
  std::string type;            ///< a credential type
  std::string label;           ///< one line for people: "Engineer at Acme Ltd, 2019-03 to 2023-06"
  std::vector<std::string> record_ids;  ///< the records the claims come from
  std::string platform;
  std::vector<std::string> archives;    ///< SHA-256 of the source archive sets
  json claims = json::object();         ///< snake_case claims, never empty strings
};

/// One claim set per record (position, education, profile, verification), or per platform
/// (account: the profile's username, url, confirmed emails, registration date). Records that
/// lack the essentials (a position without company and title...) are skipped and named in
/// `skipped` with the reason.
std::vector<ClaimSet> claims_from_records(std::string_view type, const std::vector<Record>& records,
                                          std::vector<std::string>* skipped = nullptr);
/// The claims of a bundle manifest: its SHA-256, and the archives, counts and model version it
/// lists when it has them.
ClaimSet bundle_claims(const json& manifest, const std::string& manifest_sha256);

/// The VC `evidence`: one TakeoutEvidence per source archive, naming it by SHA-256 (and SRI
/// digest) and saying plainly that the platform did not sign these claims.
json takeout_evidence(const ClaimSet& c, const std::string& tool_version);
/// Keeps only the claims named in `select` (dotted paths allowed: "location" or "emails");
/// throws Error naming the claims that exist when one is unknown. An empty list keeps all.
json select_claims(const json& claims, const std::vector<std::string>& select);

}  // namespace dataport
