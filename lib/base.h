#pragma once
// Byte encodings used by credentials: hex, base64 / base64url (RFC 4648), base58btc, multibase
// and multicodec varint prefixes (did:key, Multikey). Decoders are strict and return nullopt on
// anything malformed, so a tampered token never decodes "almost". Two are lenient on purpose, for
// mail: mime_base64_decode and quoted_printable_decode.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dataport {

/// Bytes from lower- or upper-case hex; nullopt on an odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);

/// Standard base64 with '=' padding (RFC 4648 section 4), as in Subresource Integrity digests.
std::string base64_encode(std::string_view bytes);
/// base64url without padding (RFC 4648 section 5), as JWS and SD-JWT use it.
std::string base64url_encode(std::string_view bytes);
/// Decodes unpadded base64url; rejects padding, other alphabets, impossible lengths and
/// non-zero trailing bits (so each byte string has exactly one encoding).
std::optional<std::string> base64url_decode(std::string_view text);

/// Decodes the base64 of a MIME body or encoded word (RFC 2045 section 6.8) as mail readers do:
/// a byte outside the standard alphabet (the line breaks every 76 characters, stray white space)
/// is skipped, '=' ends the data, and bits left over at the end are dropped. Never fails.
std::string mime_base64_decode(std::string_view text);

/// Decodes quoted-printable (RFC 2045 section 6.7) as mail readers do: "=XX" (hex, either case)
/// is that byte, '=' before a line break is a soft break (it and the line breaks after it go), any
/// other byte stays as it is (a stray '=' included). `header`: an encoded word's "Q" form (RFC 2047
/// section 4.2), where '_' is a space.
std::string quoted_printable_decode(std::string_view text, bool header);

/// base58btc (Bitcoin alphabet); each leading zero byte becomes '1'.
std::string base58btc_encode(std::string_view bytes);
/// Decodes base58btc; nullopt on a character outside the alphabet.
std::optional<std::string> base58btc_decode(std::string_view text);

/// Multibase "z" + base58btc(bytes).
std::string multibase_encode(std::string_view bytes);
/// Decodes a multibase string with prefix 'z' (base58btc) or 'u' (base64url); nullopt otherwise.
std::optional<std::string> multibase_decode(std::string_view text);

/// Multicodec: the unsigned-varint code followed by the payload (0xed + key -> "\xed\x01" + key).
std::string multicodec_wrap(uint64_t code, std::string_view payload);
/// A decoded multicodec value.
struct Multicodec {
  uint64_t code = 0;
  std::string payload;
};
/// Splits the varint code off; nullopt when the varint is truncated, over-long or not minimal.
std::optional<Multicodec> multicodec_unwrap(std::string_view bytes);

/// Multicodec codes used here.
inline constexpr uint64_t multicodec_ed25519_pub = 0xed;
inline constexpr uint64_t multicodec_ed25519_priv = 0x1300;
inline constexpr uint64_t multicodec_p256_pub = 0x1200;

}  // namespace dataport
