#include "lib/archive_names.h"

#include <iconv.h>
#include <locale.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "lib/text.h"

namespace dataport {

namespace {

// The upper half of code page 437, as the zip specification (APPNOTE 4.4.4, appendix D) means it.
constexpr const char* cp437_high[128] = {
    "Ç", "ü", "é", "â", "ä", "à", "å", "ç", "ê", "ë", "è", "ï", "î", "ì", "Ä", "Å",
    "É", "æ", "Æ", "ô", "ö", "ò", "û", "ù", "ÿ", "Ö", "Ü", "¢", "£", "¥", "₧", "ƒ",
    "á", "í", "ó", "ú", "ñ", "Ñ", "ª", "º", "¿", "⌐", "¬", "½", "¼", "¡", "«", "»",
    "░", "▒", "▓", "│", "┤", "╡", "╢", "╖", "╕", "╣", "║", "╗", "╝", "╜", "╛", "┐",
    "└", "┴", "┬", "├", "─", "┼", "╞", "╟", "╚", "╔", "╩", "╦", "╠", "═", "╬", "╧",
    "╨", "╤", "╥", "╙", "╘", "╒", "╓", "╫", "╪", "┘", "┌", "█", "▄", "▌", "▐", "▀",
    "α", "ß", "Γ", "π", "Σ", "σ", "µ", "τ", "Φ", "Θ", "Ω", "δ", "∞", "φ", "ε", "∩",
    "≡", "±", "≥", "≤", "⌠", "⌡", "÷", "≈", "°", "∙", "·", "√", "ⁿ", "²", "■", "\u00a0",
};

// Decodes one UTF-8 sequence starting at s[i] (already known valid); returns the code point.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  i += static_cast<size_t>(len);
  return cp;
}

bool is_kana_or_kanji(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xFF66 && c <= 0xFF9F);
}

// What a Japanese file name holds besides ASCII: CJK punctuation, kana, kanji, full-width forms.
bool is_japanese(char32_t c) {
  return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

uint32_t le32(const unsigned char* p) {
  return p[0] | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
uint16_t le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint64_t le64(const unsigned char* p) { return le32(p) | (uint64_t{le32(p + 4)} << 32); }

}  // namespace

std::string cp437_to_utf8(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() * 2);
  for (char ch : raw) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out += ch;
    else out += cp437_high[c - 0x80];
  }
  return out;
}

bool shift_jis_to_utf8(std::string_view raw, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "SHIFT_JIS");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string in(raw);
  std::string buf(raw.size() * 3 + 4, '\0');
  char* ip = in.data();
  size_t il = in.size();
  char* op = buf.data();
  size_t ol = buf.size();
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1) || il != 0) return false;
  buf.resize(buf.size() - ol);
  if (!valid_utf8(buf)) return false;
  bool any_kana = false;
  for (size_t i = 0; i < buf.size();) {
    char32_t c = next_code_point(buf, i);
    if (c < 0x80) continue;
    if (!is_japanese(c)) return false;
    any_kana = any_kana || is_kana_or_kanji(c);
  }
  if (!any_kana) return false;
  out = std::move(buf);
  return true;
}

std::string decode_entry_name(std::string_view raw, LegacyNames legacy) {
  if (valid_utf8(raw)) return std::string(raw);
  if (legacy == LegacyNames::zip) {
    std::string sjis;
    if (shift_jis_to_utf8(raw, sjis)) return sjis;
    return cp437_to_utf8(raw);
  }
  return latin1_to_utf8(raw);  // tar and folder names of old Unix systems
}

std::vector<std::string> zip_names_with_nul(const std::string& path) {
  std::vector<std::string> out;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return out;
  if (std::fseek(f.get(), 0, SEEK_END) != 0) return out;
  long size = std::ftell(f.get());
  if (size < 22) return out;
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  long tail_len = std::min<long>(size, 22 + 65535);
  std::vector<unsigned char> tail(static_cast<size_t>(tail_len));
  if (std::fseek(f.get(), size - tail_len, SEEK_SET) != 0 ||
      std::fread(tail.data(), 1, tail.size(), f.get()) != tail.size())
    return out;
  long eocd = -1;
  for (long i = tail_len - 22; i >= 0; --i)
    if (le32(&tail[static_cast<size_t>(i)]) == 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return out;
  const unsigned char* e = &tail[static_cast<size_t>(eocd)];
  uint64_t count = le16(e + 10), cd_size = le32(e + 12), cd_offset = le32(e + 16);
  if (count == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) {
    // Zip64: the locator just before the record points at the zip64 end record.
    if (eocd < 20 || le32(e - 20) != 0x07064b50) return out;
    uint64_t z64 = le64(e - 20 + 8);
    unsigned char rec[56];
    if (std::fseek(f.get(), static_cast<long>(z64), SEEK_SET) != 0 || std::fread(rec, 1, 56, f.get()) != 56 ||
        le32(rec) != 0x06064b50)
      return out;
    count = le64(rec + 32);
    cd_size = le64(rec + 40);
    cd_offset = le64(rec + 48);
  }
  if (cd_offset + cd_size > static_cast<uint64_t>(size)) return out;
  if (std::fseek(f.get(), static_cast<long>(cd_offset), SEEK_SET) != 0) return out;
  std::string name;
  for (uint64_t k = 0; k < count; ++k) {
    unsigned char h[46];
    if (std::fread(h, 1, 46, f.get()) != 46 || le32(h) != 0x02014b50) break;
    size_t name_len = le16(h + 28), extra_len = le16(h + 30), comment_len = le16(h + 32);
    name.resize(name_len);
    if (std::fread(name.data(), 1, name_len, f.get()) != name_len) break;
    if (name.find('\0') != std::string::npos) {
      std::string shown;
      for (char c : name) shown += c == '\0' ? std::string("\\0") : std::string(1, c);
      out.push_back(repair_utf8(shown));
    }
    if (std::fseek(f.get(), static_cast<long>(extra_len + comment_len), SEEK_CUR) != 0) break;
  }
  return out;
}

Utf8Locale::Utf8Locale() {
  locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (!loc) loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", static_cast<locale_t>(nullptr));
  if (!loc) return;
  locale_ = loc;
  previous_ = uselocale(loc);
}

Utf8Locale::~Utf8Locale() {
  if (!locale_) return;
  uselocale(static_cast<locale_t>(previous_));
  freelocale(static_cast<locale_t>(locale_));
}

}  // namespace dataport
