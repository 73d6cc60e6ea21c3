#pragma once
// The text grammar of a WhatsApp chat export (docs/formats/whatsapp.md): header lines in every
// locale's date and time, the sender, and what a body is (text, a placeholder for media left out,
// an attachment, a deleted message, a call, a location, a poll, a system line). Pure functions
// over strings, so the grammar is tested line by line; importers/whatsapp/whatsapp.cc reads files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dataport::whatsapp {

/// A header's date and time as written, before the file's day/month order is known.
struct Header {
  int n[3] = {0, 0, 0};       ///< the three date numbers in written order
  int digits[3] = {0, 0, 0};  ///< how many digits each had
  int hour = 0, minute = 0, second = 0;
  bool seconds = false;   ///< the time had seconds (iOS)
  int period = 0;         ///< 0 none, 1 AM, 2 PM (12-hour clock)
  bool bracket = false;   ///< `[date, time]` (iOS)
  bool dash = false;      ///< ` - ` after the time (Android)
  bool marked = false;    ///< a U+200E before the header (iOS attachment lines)
  size_t rest = 0;        ///< offset of what follows the header in the line
};

/// Parses the header at the start of `line`; nullopt when the line does not start with one.
std::optional<Header> parse_header(std::string_view line);

/// Date order of a file: year-month-day (year written first), day-month-year or month-day-year.
enum class Order { ymd, dmy, mdy };

/// Position of the year among the three numbers (the 4-digit one, else the last).
int year_index(const Header& h);
/// The two numbers that are not the year, in written order.
std::pair<int, int> day_month_numbers(const Header& h);
/// Unix seconds of the header's wall clock read as UTC under `order`; nullopt for an impossible
/// date or time (31 February, 25 o'clock).
std::optional<int64_t> wall_clock(const Header& h, Order order);

/// The removal of the invisible marks WhatsApp writes (U+200E/F, U+2066-9, U+202A-E, U+FEFF,
/// U+200B-D) everywhere in `s`.
std::string strip_marks(std::string_view s);
/// `s` without the invisible marks that lead it.
std::string_view skip_marks(std::string_view s);

/// What follows a header: a sender and a body, or a system line.
struct Head {
  std::string sender;  ///< cleaned (marks removed, iOS `~ ` dropped); "" for a system line
  bool not_a_contact = false;  ///< iOS `~ Name`: a sender who is not in the phone's contacts
  std::string body;    ///< the first line of the body as written
  bool system = false;
  std::string event;   ///< for a system line: encryption, create, join, leave, ... or "system"
};

/// Splits the rest of a header line. `android` is the ` - ` style, where a system line has no sender.
Head split_head(std::string_view rest, bool android);

/// The system event a line's words name (localised wordings of en, de, fr, pt, es); "" when none.
std::string system_event(std::string_view text);
/// True for the events that only happen in a group.
bool group_event(std::string_view event);

/// What a message body is.
struct Body {
  std::string text;          ///< the person's words (a caption), cleaned
  std::string content_type;  ///< text, media, image, video, audio, sticker, gif, document, contact, location, poll, call, view_once...
  std::string placeholder;   ///< the line WhatsApp wrote instead of the content, as written (cleaned)
  std::string attachment;    ///< the file name an attachment line names
  bool attachment_phrase = false;  ///< the Android "(file attached)" phrase was a known one
  bool unsent = false;       ///< "This message was deleted" and its translations
  bool you_deleted = false;  ///< "You deleted this message": the sender is the exporter
  bool edited = false;       ///< a trailing "<This message was edited>" was removed
  bool call = false, missed = false;
  std::string lat, lon;      ///< a shared location's coordinates
  std::string link;          ///< a shared location's address
  std::string poll_question;
  std::vector<std::pair<std::string, int64_t>> poll_options;
};

/// Classifies a whole body (its lines joined by '\n').
Body classify(std::string_view body);

/// "Ana Souza" from "WhatsApp Chat with Ana Souza.txt", "WhatsApp Chat - Ana Souza.zip/_chat.txt",
/// their localised and underscored forms; "" when the path names no chat.
std::string chat_title(std::string_view path);
/// True for a file name WhatsApp gives a chat's text ("_chat.txt", "WhatsApp Chat with X.txt"...).
bool chat_file_name(std::string_view base);
/// The phone number a name is, as "+491512345678", or "" when it is not one.
std::string phone_of(std::string_view name);
/// What an attached file is, from its name: image, video, audio, sticker, gif, contact or document.
std::string attachment_type(std::string_view file);

}  // namespace dataport::whatsapp
