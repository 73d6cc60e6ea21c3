// The text grammar of a WhatsApp chat export (importers/whatsapp/lines.h). The wordings below are
// what WhatsApp writes in each locale (docs/formats/whatsapp.md): compared in lower case (ASCII
// letters folded), after the invisible marks are removed.

#include "importers/whatsapp/lines.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <vector>

#include "lib/text.h"
#include "lib/time.h"

namespace dataport::whatsapp {
namespace {

// Length of the invisible mark at s[i] (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+FEFF), or 0.
size_t mark_len(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return 0;
  auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
       b2 = static_cast<unsigned char>(s[i + 2]);
  if (b0 == 0xE2 && b1 == 0x80 && ((b2 >= 0x8B && b2 <= 0x8F) || (b2 >= 0xAA && b2 <= 0xAE))) return 3;
  if (b0 == 0xE2 && b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return 3;
  if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;
  return 0;
}

// Length of the space at s[i] (ASCII space or tab, U+00A0, U+202F), or 0.
size_t space_len(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (size_t n = space_len(s, i)) i += n;
  return i;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max digits at s[i]; -1 when there is none.
int number(std::string_view s, size_t& i, int max, int& count) {
  int v = 0;
  count = 0;
  while (i < s.size() && digit(s[i]) && count < max) {
    v = v * 10 + (s[i] - '0');
    ++i;
    ++count;
  }
  if (count == 0 || (i < s.size() && digit(s[i]))) return -1;
  return v;
}

// `s` without spaces and marks at both ends.
std::string_view clean_trim(std::string_view s) {
  for (;;) {
    size_t n = space_len(s, 0);
    if (!n) n = mark_len(s, 0);
    if (!n && !s.empty() && (s[0] == '\r' || s[0] == '\n')) n = 1;
    if (!n) break;
    s.remove_prefix(n);
  }
  for (;;) {
    size_t n = 0;
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) n = 1;
    else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") n = 2;
    else if (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\xAF" || mark_len(s, s.size() - 3))) n = 3;
    if (!n) break;
    s.remove_suffix(n);
  }
  return s;
}

bool ends_with(std::string_view s, std::string_view tail) { return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail; }
bool starts_with(std::string_view s, std::string_view head) { return s.substr(0, head.size()) == head; }

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// A pattern of system_event: parts separated by '*' found in order; a trailing '$' anchors the end.
bool pattern_match(std::string_view text, std::string_view pattern) {
  bool anchored = ends_with(pattern, "$");
  if (anchored) pattern.remove_suffix(1);
  size_t at = 0;
  std::string_view last;
  while (!pattern.empty()) {
    size_t star = pattern.find('*');
    std::string_view part = pattern.substr(0, star);
    size_t found = text.find(part, at);
    if (found == std::string_view::npos) return false;
    at = found + part.size();
    last = part;
    pattern = star == std::string_view::npos ? std::string_view() : pattern.substr(star + 1);
  }
  return !anchored || ends_with(text, last);
}

struct EventWords {
  const char* event;
  std::vector<std::string_view> patterns;
};

// Most specific first: "changed the group description" is a description, not a rename.
const std::vector<EventWords>& event_table() {
  static const std::vector<EventWords> table = {
      {"encryption",
       {"end-to-end encrypted", "end-to-end encryption", "ende-zu-ende-verschlüsselt", "ende-zu-ende-verschlüsselung",
        "chiffrés de bout en bout", "chiffrement de bout en bout", "criptografia de ponta a ponta",
        "cifrados de extremo a extremo", "cifrado de extremo a extremo", "encriptadas ponto a ponto",
        "crittografati end-to-end", "crittografia end-to-end"}},
      {"security_code",
       {"security code", "sicherheitsnummer", "code de sécurité", "código de segurança", "código de seguridad",
        "codice di sicurezza"}},
      {"number_change",
       {"changed their phone number", "changed their number", "changed to +", "telefonnummer", "a changé de numéro",
        "mudou seu número", "mudou de número", "trocou de número", "cambió su número", "ha cambiato numero"}},
      {"disappearing",
       {"disappearing messages", "selbstlöschende nachrichten", "messages éphémères", "mensagens temporárias",
        "mensajes temporales", "messaggi effimeri"}},
      {"block",
       {"blocked this contact", "kontakt blockiert", "kontakt freigegeben", "bloqué ce contact",
        "bloqueou este contato", "bloqueou esse contato", "bloqueaste a este contacto", "bloqueaste este contacto"}},
      {"settings",
       {"changed the settings", "group's settings", "gruppeneinstellungen", "paramètres du groupe",
        "configurações do grupo", "ajustes del grupo", "impostazioni del gruppo"}},
      {"description",
       {"group description", "gruppenbeschreibung", "description du groupe", "descrição do grupo",
        "descripción del grupo", "descrizione del gruppo"}},
      {"icon",
       {"group's icon", "group icon", "gruppenbild", "l'icône", "l’icône", "imagem do grupo", "imagem deste grupo",
        "ícono del grupo", "ícono de este grupo", "icono del grupo", "immagine del gruppo"}},
      {"rename",
       {"changed the subject", "changed the group name", "group's name", "hat den betreff", "hast den betreff",
        "gruppennamen", "le sujet", "le nom du groupe", "mudou o assunto", "mudou o nome", "alterou o nome",
        "alterou o assunto", "cambió el asunto", "cambió el nombre", "cambiaste el asunto", "cambiaste el nombre",
        "ha cambiato il nome", "ha modificato l'oggetto"}},
      {"admin",
       {"now an admin", "no longer an admin", "jetzt admin", "kein admin mehr", "maintenant admin", "plus admin",
        "agora é admin", "não é mais admin", "ahora es admin", "ya no es admin"}},
      {"create",
       {"created group", "created this group", "hat die gruppe*erstellt", "hast die gruppe*erstellt",
        "a créé le groupe", "avez créé le groupe", "criou o grupo", "creó el grupo", "creaste el grupo",
        "ha creato il gruppo"}},
      {"remove",
       {" removed ", "hat * entfernt", "hast * entfernt", " a retiré ", "avez retiré ", " removeu ", " eliminó a ",
        "eliminaste a ", " ha rimosso "}},
      {"leave",
       {" left$", "hat die gruppe verlassen", "hast die gruppe verlassen", " est parti$", " est partie$",
        " est parti(e)$", "êtes parti", " saiu$", " salió$", "saliste del grupo", " è uscito", " ha abbandonato"}},
      {"join",
       {"joined using", "einladungslink", "lien d'invitation", "lien d’invitation", "link de convite",
        "enlace de invitación", "se unió", "a rejoint", " entrou", "beigetreten", " added ", " added you",
        " was added", " were added", "hat * hinzugefügt", "hast * hinzugefügt", " a ajouté ", "avez ajouté ",
        " adicionou ", " añadió a ", "añadiste a ", " ha aggiunto "}},
  };
  return table;
}

// Android's placeholder for every media file left out of a chat exported without media.
bool media_omitted(std::string_view l) {
  return one_of(l, {"<media omitted>", "<medien ausgeschlossen>", "<medien weggelassen>", "<médias omis>",
                    "<fichier omis>", "<mídia oculta>", "<mídia omitida>", "<arquivo de mídia oculto>",
                    "<ficheiro não revelado>", "<multimedia omitido>", "<archivo omitido>", "<media omessi>",
                    "<media omesso>", "<media weggelaten>", "<media utelämnat>", "<media har utelämnats>",
                    "<media utelatt>", "<medier udeladt>", "<pominięto multimedia>", "<media jätettiin pois>",
                    "<medya dahil edilmedi>", "<без медиафайлов>", "<файл пропущен>", "<média vynechány>",
                    "<média elhagyva>", "<conținut media omis>", "<media tidak disertakan>",
                    "<αρχείο παραλήφθηκε>", "<تم استبعاد الوسائط>", "<המדיה לא נכללה>", "<मीडिया के बिना>",
                    "<メディアなし>", "<미디어 파일 제외됨>", "<省略多媒体文件>", "<忽略多媒體檔>",
                    "<bỏ qua tệp phương tiện>", "<ไฟล์สื่อถูกลบ>", "<медіа пропущено>"});
}

// iOS's placeholders, one per type: "‎image omitted", "‎Bild weggelassen"...
const char* omitted_type(std::string_view l) {
  struct Omitted {
    const char* type;
    std::vector<std::string_view> words;
  };
  static const std::vector<Omitted> table = {
      {"image", {"image omitted", "bild weggelassen", "image absente", "imagem ocultada", "imagem omitida",
                 "imagen omitida", "immagine omessa", "afbeelding weggelaten"}},
      {"video", {"video omitted", "video weggelassen", "vidéo absente", "vídeo omitido", "vídeo ocultado",
                 "video omitido", "video omesso", "video weggelaten"}},
      {"audio", {"audio omitted", "audio weggelassen", "audio omis", "áudio ocultado", "áudio omitido",
                 "audio omitido", "audio omesso", "audio weggelaten"}},
      {"sticker", {"sticker omitted", "sticker weggelassen", "sticker omis", "figurinha omitida", "sticker omitido",
                   "sticker non incluso", "sticker weggelaten"}},
      {"gif", {"gif omitted", "gif weggelassen", "gif retiré", "gif omitido", "gif esclusa", "gif weggelaten"}},
      {"document", {"document omitted", "dokument weggelassen", "document omis", "document manquant",
                    "documento omitido", "documento omesso", "document weggelaten"}},
      {"contact", {"contact card omitted", "kontaktkarte ausgelassen", "kontaktkarte weggelassen",
                   "fiche contact manquante", "cartão do contato omitido", "tarjeta de contacto omitida",
                   "scheda contatto omessa"}},
  };
  for (const Omitted& o : table)
    for (std::string_view w : o.words)
      if (ends_with(l, w)) return o.type;
  return nullptr;
}

}  // namespace

std::string_view skip_marks(std::string_view s) {
  while (size_t n = mark_len(s, 0)) s.remove_prefix(n);
  return s;
}

std::string strip_marks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (size_t n = mark_len(s, i)) {
      i += n;
      continue;
    }
    out += s[i++];
  }
  return out;
}

std::optional<Header> parse_header(std::string_view line) {
  Header h;
  size_t i = 0;
  while (size_t n = mark_len(line, i)) {
    if (line.substr(i, 3) == "\xE2\x80\x8E") h.marked = true;
    i += n;
  }
  if (i < line.size() && line[i] == '[') {
    h.bracket = true;
    ++i;
  }
  char sep = 0;
  for (int k = 0; k < 3; ++k) {
    h.n[k] = number(line, i, 4, h.digits[k]);
    if (h.n[k] < 0) return std::nullopt;
    if (k == 2) break;
    if (i >= line.size() || (line[i] != '/' && line[i] != '.' && line[i] != '-')) return std::nullopt;
    if (sep && line[i] != sep) return std::nullopt;
    sep = line[i++];
    if (i < line.size() && line[i] == ' ') ++i;  // "13. 6. 2018."
  }
  // One of the three is a year: two digits or four; the others one or two.
  int fours = 0;
  for (int d : h.digits) fours += d == 4;
  if (fours > 1 || std::count(h.digits, h.digits + 3, 3) > 0) return std::nullopt;
  if (i < line.size() && line[i] == '.') ++i;
  if (i < line.size() && line[i] == ',') ++i;
  size_t after = skip_spaces(line, i);
  if (after == i) return std::nullopt;
  i = after;
  // A word between date and time ("à", "klo", "um"), or a day-period written first (CJK).
  if (i < line.size() && !digit(line[i])) {
    size_t end = i;
    while (end < line.size() && !space_len(line, end) && !digit(line[end]) && end - i <= 12) ++end;
    std::string_view word = line.substr(i, end - i);
    if (word.empty() || end - i > 12) return std::nullopt;
    if (one_of(word, {"上午", "午前", "오전"})) h.period = 1;
    if (one_of(word, {"下午", "午後", "오후"})) h.period = 2;
    i = skip_spaces(line, end);
  }
  int count = 0;
  h.hour = number(line, i, 2, count);
  if (h.hour < 0 || i >= line.size() || (line[i] != ':' && line[i] != '.')) return std::nullopt;
  char tsep = line[i++];
  h.minute = number(line, i, 2, count);
  if (h.minute < 0 || count != 2) return std::nullopt;
  if (i + 2 < line.size() && line[i] == tsep && digit(line[i + 1])) {
    ++i;
    h.second = number(line, i, 2, count);
    if (h.second < 0 || count != 2) return std::nullopt;
    h.seconds = true;
  }
  // The day period: AM, pm, a.m., "p. m." after a space, NBSP or U+202F.
  if (!h.period) {
    size_t j = skip_spaces(line, i);
    if (j > i && j < line.size() && (line[j] == 'a' || line[j] == 'A' || line[j] == 'p' || line[j] == 'P')) {
      int period = (line[j] == 'a' || line[j] == 'A') ? 1 : 2;
      size_t k = j + 1;
      if (k < line.size() && line[k] == '.') ++k;
      k = skip_spaces(line, k);
      if (k < line.size() && (line[k] == 'm' || line[k] == 'M')) {
        ++k;
        if (k < line.size() && line[k] == '.') ++k;
        bool letter_follows = k < line.size() && std::isalpha(static_cast<unsigned char>(line[k]));
        if (!letter_follows) {
          h.period = period;
          i = k;
        }
      }
    }
  }
  if (h.hour > 23 || h.minute > 59 || h.second > 59 || (h.period && h.hour > 12)) return std::nullopt;
  if (h.bracket) {
    if (i >= line.size() || line[i] != ']') return std::nullopt;
    ++i;
  }
  std::string_view tail = line.substr(i);
  if (starts_with(tail, " - ")) {
    h.dash = true;
    i += 3;
  } else if (starts_with(tail, " \xE2\x80\x93 ")) {  // an en dash
    h.dash = true;
    i += 5;
  } else if (!h.bracket && starts_with(tail, ": ")) {  // iOS before 2017
    i += 2;
  } else if (size_t n = space_len(line, i)) {
    i += n;
  } else {
    return std::nullopt;  // a date and time alone on a line is words of a message, not a header
  }
  if (i >= line.size()) return std::nullopt;
  h.rest = i;
  return h;
}

int year_index(const Header& h) {
  if (h.digits[0] == 4) return 0;
  if (h.digits[1] == 4) return 1;
  return 2;
}

std::pair<int, int> day_month_numbers(const Header& h) {
  int y = year_index(h);
  if (y == 0) return {h.n[1], h.n[2]};
  if (y == 1) return {h.n[0], h.n[2]};
  return {h.n[0], h.n[1]};
}

std::optional<int64_t> wall_clock(const Header& h, Order order) {
  int yi = year_index(h);
  int64_t year = h.n[yi];
  if (h.digits[yi] <= 2) year += 2000;
  auto [p, q] = day_month_numbers(h);
  int month = order == Order::dmy ? q : p, day = order == Order::dmy ? p : q;
  if (yi == 0) month = p, day = q;  // a year written first is always followed by the month
  static const int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > days_in[month - 1]) return std::nullopt;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  int hour = h.hour;
  if (h.period == 1 && hour == 12) hour = 0;
  if (h.period == 2 && hour < 12) hour += 12;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
         h.minute * 60 + h.second;
}

std::string system_event(std::string_view text) {
  std::string l = lower(strip_marks(text));
  for (const EventWords& ew : event_table())
    for (std::string_view p : ew.patterns)
      if (pattern_match(l, p)) return ew.event;
  return "";
}

bool group_event(std::string_view event) {
  return one_of(event, {"create", "join", "leave", "remove", "rename", "icon", "description", "admin", "settings"});
}

Head split_head(std::string_view rest, bool android) {
  Head h;
  size_t colon = rest.find(": ");
  if (colon == std::string_view::npos && ends_with(clean_trim(rest), ":")) colon = clean_trim(rest).size() - 1;
  if (colon == std::string_view::npos) {
    h.system = true;
    h.body = std::string(rest);
    h.event = system_event(rest);
    if (h.event.empty()) h.event = "system";
    return h;
  }
  std::string_view sender = rest.substr(0, colon);
  std::string_view body = colon + 2 <= rest.size() ? rest.substr(colon + 2) : std::string_view();
  // Android: `Ana created group "Trip: Lisbon"` is a system line whose words hold ": " inside
  // the quoted name; a sender's name holds no quotation mark.
  bool quoted = sender.find('"') != std::string_view::npos || sender.find("\xE2\x80\x9C") != std::string_view::npos ||
                sender.find("\xE2\x80\x9E") != std::string_view::npos || sender.find("\xC2\xAB") != std::string_view::npos;
  if (android && quoted && !system_event(rest).empty()) {
    h.system = true;
    h.body = std::string(rest);
    h.event = system_event(rest);
    return h;
  }
  // iOS: system lines carry the group's or the contact's name and their words start with U+200E.
  if (!android && skip_marks(body).size() < body.size()) {
    Body b = classify(body);
    if (b.content_type == "text") {
      std::string event = system_event(body);
      if (!event.empty()) {
        h.system = true;
        h.event = event;
        h.body = std::string(body);
        return h;
      }
    }
  }
  std::string name(clean_trim(strip_marks(sender)));
  if (starts_with(name, "~")) {
    h.not_a_contact = true;
    name = std::string(clean_trim(std::string_view(name).substr(1)));
  }
  h.sender = name;
  h.body = std::string(body);
  return h;
}

namespace {

// A message body cut for the classifiers: its first line (and that line in lower case, with and
// without a final '.'), the lines after it, and the whole.
struct BodyLines {
  std::string all, first, rest, l;
  std::string_view ld;
};

// A body that is a placeholder line (a deleted message, a media file left out, a call, ...).
bool placeholder(const BodyLines& in, Body& b, std::string content_type) {
  b.content_type = std::move(content_type);
  b.placeholder = in.first;
  b.text = in.rest;
  return true;
}

bool deleted(const BodyLines& in, Body& b) {
  if (one_of(in.ld, {"you deleted this message", "du hast diese nachricht gelöscht", "vous avez supprimé ce message",
                     "você apagou esta mensagem", "apagou esta mensagem", "eliminaste este mensaje",
                     "hai eliminato questo messaggio", "je hebt dit bericht verwijderd"})) {
    b.unsent = b.you_deleted = true;
  } else if (one_of(in.ld, {"this message was deleted", "diese nachricht wurde gelöscht", "ce message a été supprimé",
                            "esta mensagem foi apagada", "mensagem apagada", "se eliminó este mensaje",
                            "este mensaje fue eliminado", "questo messaggio è stato eliminato",
                            "dit bericht is verwijderd", "message deleted"})) {
    b.unsent = true;
  }
  return b.unsent && placeholder(in, b, b.content_type);
}

bool view_once(const BodyLines& in, Body& b) {  // Android: a view-once photo or video
  return in.l == "null" && placeholder(in, b, "view_once");
}

bool omitted(const BodyLines& in, Body& b) {
  if (media_omitted(in.l)) return placeholder(in, b, "media");
  const char* type = omitted_type(in.l);
  return type && placeholder(in, b, type);
}

// iOS: "<attached: 00000012-PHOTO-2023-12-31-21-15-42.jpg>", "< attached: x >", "<Anhang: x>",
// "<pièce jointe : x>"; a document's line starts with its name and page count.
bool ios_attachment(const BodyLines& in, Body& b) {
  const std::string& first = in.first;
  if (!ends_with(first, ">")) return false;
  size_t lt = first.rfind('<');
  std::string_view inner = lt == std::string::npos ? "" : std::string_view(first).substr(lt + 1, first.size() - lt - 2);
  size_t colon = inner.find(':');
  if (colon == std::string_view::npos || colon > 40) return false;
  std::string file(clean_trim(inner.substr(colon + 1)));
  if (file.find('.') == std::string::npos || file.find('/') != std::string::npos) return false;
  b.attachment = file;
  b.attachment_phrase = true;
  b.content_type = attachment_type(file);
  b.placeholder = std::string(clean_trim(std::string_view(first).substr(0, lt)));
  b.text = in.rest;
  return true;
}

// Android: "IMG-20231231-WA0001.jpg (file attached)", the caption on the next lines.
bool android_attachment(const BodyLines& in, Body& b) {
  const std::string& first = in.first;
  if (!ends_with(first, ")")) return false;
  size_t lp = first.rfind(" (");
  if (lp == std::string::npos || lp == 0) return false;
  std::string file = first.substr(0, lp);
  std::string phrase = lower(std::string_view(first).substr(lp + 2, first.size() - lp - 3));
  size_t dot = file.rfind('.');
  bool named = dot != std::string::npos && dot + 1 < file.size() && file.size() - dot <= 6 &&
               file.find('/') == std::string::npos && file.find('\n') == std::string::npos;
  if (!named) return false;
  b.attachment = file;
  b.attachment_phrase = one_of(phrase, {"file attached", "datei angehängt", "fichier joint", "arquivo anexado",
                                        "ficheiro anexado", "archivo adjunto", "file allegato",
                                        "bestand bijgevoegd", "fil bifogad", "fil vedlagt", "plik załączony",
                                        "dosya ekli", "файл прикреплён", "файл приложен"});
  b.content_type = attachment_type(file);
  b.text = in.rest;
  return true;
}

// A shared location: "location: https://maps.google.com/?q=52.52,13.405" in each language.
bool location(const BodyLines& in, Body& b) {
  const std::string& first = in.first;
  size_t url = first.find("https://maps.google.com/");
  if (url == std::string::npos) url = first.find("http://maps.google.com/");
  if (url == std::string::npos || url > 40 || !ends_with(clean_trim(std::string_view(first).substr(0, url)), ":")) return false;
  b.content_type = "location";
  std::string link = first.substr(url, first.find(' ', url) - url);
  b.link = link;
  size_t q = link.find("q=");
  if (q != std::string::npos) {
    std::string_view coords = std::string_view(link).substr(q + 2);
    coords = coords.substr(0, coords.find('&'));
    size_t comma = coords.find(',');
    if (comma != std::string_view::npos) {
      b.lat = std::string(coords.substr(0, comma));
      b.lon = std::string(coords.substr(comma + 1));
    }
  }
  b.text = in.rest;
  return true;
}

bool live_location(const BodyLines& in, Body& b) {
  return one_of(in.l, {"live location shared", "live-standort wird geteilt", "position en direct partagée",
                       "localização em tempo real compartilhada", "ubicación en tiempo real compartida"}) &&
         placeholder(in, b, "live_location");
}

// A poll: "POLL:", the question, then "OPTION: Lisbon (2 votes)" lines.
bool poll(const BodyLines& in, Body& b) {
  if (!one_of(in.l, {"poll:", "umfrage:", "sondage :", "sondage:", "enquete:", "encuesta:", "sondaggio:"})) return false;
  b.content_type = "poll";
  std::vector<std::string> lines = split(in.rest, '\n');
  if (!lines.empty()) b.poll_question = std::string(clean_trim(lines[0]));
  for (size_t k = 1; k < lines.size(); ++k) {
    std::string_view o = clean_trim(lines[k]);
    size_t colon = o.find(':');
    size_t lp = o.rfind(" (");
    if (colon == std::string_view::npos || lp == std::string_view::npos || lp < colon || !ends_with(o, ")")) continue;
    std::string title(clean_trim(o.substr(colon + 1, lp - colon - 1)));
    int64_t votes = 0;
    // At most 18 digits: a count past that is not a count, and cannot overflow.
    for (size_t k2 = lp + 2; k2 < o.size() && k2 < lp + 20 && digit(o[k2]); ++k2) votes = votes * 10 + (o[k2] - '0');
    b.poll_options.emplace_back(title, votes);
  }
  b.text = in.rest;
  return true;
}

bool call(const BodyLines& in, Body& b) {
  const std::string& l = in.l;
  for (std::string_view m : {"missed voice call", "missed video call", "missed group voice call",
                             "missed group video call", "verpasster sprachanruf", "verpasster videoanruf",
                             "appel vocal manqué", "appel vidéo manqué", "chamada de voz perdida",
                             "chamada de vídeo perdida", "llamada de voz perdida", "videollamada perdida"})
    if (starts_with(l, m)) b.call = b.missed = true;
  if (!b.call)
    for (std::string_view m : {"voice call", "video call", "sprachanruf", "videoanruf", "appel vocal", "appel vidéo",
                               "chamada de voz", "chamada de vídeo", "llamada de voz", "videollamada"})
      if (starts_with(l, m) && l.size() - m.size() < 40) b.call = true;
  return b.call && placeholder(in, b, "call");
}

// The classifiers in the order they are tried: the first that claims the body decides it.
constexpr bool (*classifiers[])(const BodyLines&, Body&) = {deleted, view_once, omitted, ios_attachment, android_attachment,
                                                            location, live_location, poll, call};

// Cuts a trailing "<This message was edited>" (2023+), in the phone's language; true when cut.
bool cut_edited(std::string& all) {
  for (std::string_view e : {"<this message was edited>", "<diese nachricht wurde bearbeitet>",
                             "<ce message a été modifié>", "<mensagem editada>", "<se editó este mensaje.>",
                             "<questo messaggio è stato modificato>", "<dit bericht is bewerkt>"}) {
    if (all.size() >= e.size() && lower(std::string_view(all).substr(all.size() - e.size())) == e) {
      all = std::string(clean_trim(std::string_view(all).substr(0, all.size() - e.size())));
      return true;
    }
  }
  return false;
}

}  // namespace

Body classify(std::string_view raw) {
  Body b;
  BodyLines in;
  in.all = std::string(clean_trim(strip_marks(raw)));
  b.edited = cut_edited(in.all);
  size_t nl = in.all.find('\n');
  in.first = std::string(clean_trim(std::string_view(in.all).substr(0, nl)));
  in.rest = nl == std::string::npos ? "" : std::string(clean_trim(std::string_view(in.all).substr(nl + 1)));
  in.l = lower(in.first);
  in.ld = in.l;
  if (ends_with(in.ld, ".")) in.ld.remove_suffix(1);
  for (auto classifier : classifiers)
    if (classifier(in, b)) return b;
  b.content_type = in.all.empty() ? "" : "text";
  b.text = in.all;
  return b;
}

std::string chat_title(std::string_view path) {
  std::string_view base = basename(path);
  if (iequals(base, "_chat.txt")) {
    std::string_view dir = path.substr(0, path.size() - base.size());
    if (!dir.empty()) dir.remove_suffix(1);
    if (dir.empty()) return "";
    base = basename(dir);
  }
  std::string name(base);
  std::string l = lower(name);
  if (ends_with(l, ".txt") || ends_with(l, ".zip")) name.resize(name.size() - 4);
  for (std::string_view prefix :
       {"WhatsApp Chat with ", "WhatsApp Chat - ", "WhatsApp Chat mit ", "Discussion WhatsApp avec ",
        "Conversa do WhatsApp com ", "Conversa no WhatsApp com ", "Chat de WhatsApp con ", "Chat WhatsApp con ",
        "WhatsApp-chat met ", "WhatsApp-chatt med ", "Czat WhatsApp z ", "Чат WhatsApp с "}) {
    std::string underscored = replace_all(std::string(prefix), " ", "_");
    if (name.size() > prefix.size() && iequals(std::string_view(name).substr(0, prefix.size()), prefix))
      return std::string(clean_trim(std::string_view(name).substr(prefix.size())));
    if (name.size() > prefix.size() && iequals(std::string_view(name).substr(0, prefix.size()), underscored))
      return replace_all(std::string(clean_trim(std::string_view(name).substr(prefix.size()))), "_", " ");
  }
  return "";
}

bool chat_file_name(std::string_view base) {
  if (iequals(base, "_chat.txt")) return true;
  return ends_with(lower(base), ".txt") && !chat_title(base).empty();
}

std::string phone_of(std::string_view name) {
  std::string s = strip_marks(name);
  std::string digits;
  size_t i = 0;
  while (i < s.size()) {
    if (size_t n = space_len(s, i)) {
      i += n;
      continue;
    }
    char ch = s[i++];
    if (digit(ch)) digits += ch;
    else if (ch == '+' && digits.empty()) continue;
    else if (ch != '-' && ch != '(' && ch != ')' && ch != '.') return "";
  }
  if (digits.size() < 6) return "";
  return (starts_with(clean_trim(s), "+") ? "+" : "") + digits;
}

std::string attachment_type(std::string_view file) {
  std::string f(file);
  // iOS: 00000012-PHOTO-2023-12-31-21-15-42.jpg
  for (auto [word, type] : {std::pair{"-PHOTO-", "image"}, {"-VIDEO-", "video"}, {"-AUDIO-", "audio"},
                            {"-STICKER-", "sticker"}, {"-GIF-", "gif"}})
    if (f.find(word) != std::string::npos) return type;
  // Android: IMG-20231231-WA0001.jpg, VID-, AUD-, PTT- (a voice note), STK-, DOC-
  for (auto [word, type] : {std::pair{"IMG-", "image"}, {"VID-", "video"}, {"AUD-", "audio"}, {"PTT-", "audio"},
                            {"STK-", "sticker"}, {"DOC-", "document"}})
    if (starts_with(f, word)) return type;
  std::string ext = lower(f.substr(f.rfind('.') + 1));
  if (one_of(ext, {"jpg", "jpeg", "png", "webp", "heic", "heif"})) return ext == "webp" ? "sticker" : "image";
  if (one_of(ext, {"mp4", "mov", "3gp", "mkv", "avi"})) return "video";
  if (one_of(ext, {"opus", "ogg", "m4a", "mp3", "aac", "amr", "wav"})) return "audio";
  if (ext == "gif") return "gif";
  if (ext == "vcf") return "contact";
  return "document";
}

}  // namespace dataport::whatsapp
