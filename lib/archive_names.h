#pragma once
// Entry names as bytes on disk become UTF-8 paths, whatever the locale the program runs in.
// Zips carry UTF-8 names (general-purpose flag bit 11, or no flag and UTF-8 bytes anyway, as
// Info-ZIP and Python write them), or legacy names in the code page of the machine that made
// them: CP437 by the zip specification, Shift-JIS from Japanese Windows. Tars and folders carry
// bytes that are UTF-8 on every current system, or Latin-1 on old ones. No name is ever dropped.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dataport {

/// How a name that is not valid UTF-8 is read.
enum class LegacyNames {
  zip,    ///< Shift-JIS when it decodes to Japanese text, else CP437 (the zip default)
  other,  ///< Latin-1 (tar and folder names from old Unix systems)
};

/// The name as UTF-8: unchanged when it is valid UTF-8, else decoded from the legacy code page.
std::string decode_entry_name(std::string_view raw, LegacyNames legacy);

/// Decodes CP437 bytes (every byte maps to one character).
std::string cp437_to_utf8(std::string_view raw);
/// Decodes Shift-JIS (CP932) bytes; false when they are not valid Shift-JIS or hold no Japanese.
bool shift_jis_to_utf8(std::string_view raw, std::string& out);

/// Names in a zip's central directory that hold a NUL byte (which libarchive would cut short),
/// each with the NUL shown as "\0". Reads the central directory of the zip file at `path` only;
/// returns nothing for a file that is not a zip or whose directory cannot be found.
std::vector<std::string> zip_names_with_nul(const std::string& path);

/// While alive, the calling thread reads text as UTF-8 (libarchive converts names to
/// the current locale, and the "C" locale cannot hold a non-ASCII name), restoring it after.
class Utf8Locale {
 public:
  Utf8Locale();
  ~Utf8Locale();
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  void* locale_ = nullptr;
  void* previous_ = nullptr;
};

}  // namespace dataport
