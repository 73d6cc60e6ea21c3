// Claude (claude.ai) data export (docs/formats/claude.md): conversations, the account, projects.
// [x] conversations.json -> conversation, message: the turns in order; content blocks text,
//     thinking, tool_use, tool_result, voice_note (any other kept whole in raw); citations ->
//     links; attachments (name, type, size, extracted text) and files (names only: the export
//     holds no bytes) -> attachments {uri}; the 2024 export's messages with `text` only
// [x] users.json -> profile
// [x] projects.json, or projects/UUID.json one per file -> note (project: description, prompt
//     template), note (each knowledge document)
// [x] memories.json, or memories/ACCOUNT.json one per file -> note (memory): the general memory,
//     each project's memory, each memory file; the account uuid kept

#include <algorithm>
#include <set>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {
namespace {

constexpr const char* platform = "claude";

std::optional<Timestamp> time_of(JsonElement e, std::string_view key) {
  return parse_iso8601(json_text_any(e, {key}));
}

void append(std::string& text, std::string_view more) {
  more = trim(more);
  if (more.empty()) return;
  if (!text.empty()) text += "\n\n";
  text += more;
}

// The text of tool_result content: a string, or blocks of {type: text, text}.
std::string result_text(JsonElement block) {
  JsonElement content;
  if (!json_member(block, "content", content)) return "";
  if (content.is_string()) return json_text(content);
  std::string text;
  simdjson::dom::array arr;
  if (!content.get_array().get(arr))
    for (JsonElement b : arr) append(text, json_text_any(b, {"text"}));
  return text;
}

// The content blocks of a message: the visible words go to `text`, the rest to raw.
void read_blocks(simdjson::dom::array blocks, std::string& text, json& d, json& raw) {
  json links = json::array(), thinking = json::array(), uses = json::array(), results = json::array();
  for (JsonElement b : blocks) {
    std::string type = json_text_any(b, {"type"});
    if (type == "text") {
      append(text, json_text_any(b, {"text"}));
      simdjson::dom::array cites;
      if (json_array(b, "citations", cites))
        for (JsonElement cite : cites) {
          std::string u = json_text_any(cite, {"url"});
          if (u.empty()) u = json_path(cite, {"details", "url"});
          if (!u.empty() && std::find(links.begin(), links.end(), u) == links.end()) links.push_back(u);
        }
    } else if (type == "thinking") {
      std::string t(trim(json_text_any(b, {"thinking"})));
      if (!t.empty()) thinking.push_back(t);
    } else if (type == "tool_use") {
      json use = {{"name", json_text_any(b, {"name"})}};
      JsonElement input;
      if (json_member(b, "input", input)) use["input"] = to_nlohmann(input);
      uses.push_back(std::move(use));
    } else if (type == "tool_result") {
      json res = {{"name", json_text_any(b, {"name"})}};
      put(res, "text", result_text(b));
      if (json_flag(b, "is_error")) res["is_error"] = true;
      results.push_back(std::move(res));
    } else if (type == "voice_note") {
      append(text, json_text_any(b, {"text"}));
    } else {
      raw["content"].push_back(to_nlohmann(b));  // a block this importer does not know: kept whole
    }
  }
  if (!links.empty()) d["links"] = std::move(links);
  if (!thinking.empty()) raw["thinking"] = std::move(thinking);
  if (!uses.empty()) raw["tool_use"] = std::move(uses);
  if (!results.empty()) raw["tool_result"] = std::move(results);
}

void read_message(ImportContext& c, const Entry& e, JsonElement m, const std::string& conv, const std::string& title,
                  int64_t index, const std::string& ptr) {
  std::string id = json_text_any(m, {"uuid"});
  std::string sender = json_text_any(m, {"sender"});
  Record r = make_record("message", platform, "message:" + conv + ":" + (id.empty() ? std::to_string(index) : id),
                         e.path, ptr);
  if (auto t = time_of(m, "created_at")) set_time(r, *t);
  json& d = r.data;
  d["thread_id"] = conv;
  put(d, "thread_title", title);
  d["index"] = index;
  if (sender == "human") {
    d["role"] = "user";
    d["direction"] = "sent";
  } else {
    d["role"] = sender.empty() ? "assistant" : sender;
    d["direction"] = "received";
    d["from"] = {{"name", sender == "assistant" || sender.empty() ? std::string("Claude") : sender}};
  }
  put(d, "parent", json_text_any(m, {"parent_message_uuid"}));
  std::string text;
  json raw = json::object();
  simdjson::dom::array blocks;
  if (json_array(m, "content", blocks) && blocks.size() > 0) read_blocks(blocks, text, d, raw);
  if (text.empty()) text = json_text_any(m, {"text"});  // the 2024 export, or a turn of tool use only
  put(d, "text", text);
  put(d, "content_type", raw.contains("tool_use") ? "tool_use" : text.empty() ? "" : "text");
  json attachments = json::array(), extracted = json::array();
  simdjson::dom::array arr;
  if (json_array(m, "attachments", arr))
    for (JsonElement a : arr) {
      std::string name = json_text_any(a, {"file_name"});
      json one = {{"uri", name.empty() ? std::string("attachment") : name}};
      put(one, "type", json_text_any(a, {"file_type"}));
      attachments.push_back(std::move(one));
      json x = {{"file_name", name}};
      if (auto size = json_int(a, "file_size")) x["file_size"] = *size;
      put(x, "extracted_content", json_text_any(a, {"extracted_content"}));
      extracted.push_back(std::move(x));
    }
  if (json_array(m, "files", arr))
    for (JsonElement f : arr) {
      std::string name = json_text_any(f, {"file_name"});
      if (name.empty()) continue;
      json one = {{"uri", name}};
      put(one, "type", json_text_any(f, {"file_kind"}));
      attachments.push_back(std::move(one));
    }
  if (!attachments.empty()) d["attachments"] = std::move(attachments);
  if (!extracted.empty()) raw["attachments"] = std::move(extracted);
  if (auto u = time_of(m, "updated_at"); u && (!r.time || u->seconds != r.time->seconds)) raw["updated_at"] = format_rfc3339(*u);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void read_conversation(ImportContext& c, const Entry& e, JsonElement conv, const std::string& ptr) {
  std::string id = json_text_any(conv, {"uuid"});
  if (id.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "a conversation without a uuid: skipped");
  std::string title = json_text_any(conv, {"name"});
  int64_t index = 0;
  simdjson::dom::array messages;
  if (json_array(conv, "chat_messages", messages))
    for (JsonElement m : messages) {
      read_message(c, e, m, id, title, index, ptr + "/chat_messages/" + std::to_string(index));
      ++index;
    }
  Record r = make_record("conversation", platform, "conversation:" + id, e.path, ptr);
  if (auto t = time_of(conv, "created_at")) set_time(r, *t);
  put(r.data, "title", title);
  r.data["url"] = "https://claude.ai/chat/" + id;
  r.data["thread_id"] = id;
  r.data["message_count"] = index;
  if (auto t = time_of(conv, "updated_at")) r.data["updated_at"] = format_rfc3339(*t);
  json raw = json::object();
  put(raw, "summary", json_text_any(conv, {"summary"}));
  put(raw, "account", json_path(conv, {"account", "uuid"}));
  put(raw, "project", json_path(conv, {"project", "uuid"}));
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

Verdict read_conversations(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "claude conversations",
                    [&](JsonElement conv, const std::string& ptr) { read_conversation(c, e, conv, ptr); });
}

void read_user(ImportContext& c, const Entry& e, JsonElement u, const std::string& ptr) {
  std::string id = json_text_any(u, {"uuid"});
  std::string email = json_text_any(u, {"email_address"}), phone = json_text_any(u, {"verified_phone_number"});
  Record r = make_record("profile", platform, "profile:" + (id.empty() ? email : id), e.path, ptr);
  put(r.data, "name", json_text_any(u, {"full_name"}));
  if (!email.empty()) r.data["emails"] = json::array({{{"address", email}}});
  if (!phone.empty()) r.data["phones"] = json::array({{{"number", phone}}});
  if (!id.empty()) r.data["raw"] = {{"uuid", id}};
  c.out.add(std::move(r));
}

Verdict read_users(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "claude users",
                    [&](JsonElement u, const std::string& ptr) { read_user(c, e, u, ptr); });
}

void read_project(ImportContext& c, const Entry& e, JsonElement p, const std::string& ptr) {
  std::string id = json_text_any(p, {"uuid"});
  std::string name = json_text_any(p, {"name"});
  Record r = make_record("note", platform, "project:" + (id.empty() ? name : id), e.path, ptr);
  if (auto t = time_of(p, "created_at")) set_time(r, *t);
  r.data["type"] = "project";
  put(r.data, "title", name);
  put(r.data, "text", json_text_any(p, {"description"}));
  if (auto t = time_of(p, "updated_at")) r.data["updated_at"] = format_rfc3339(*t);
  json raw = json::object();
  put(raw, "uuid", id);
  put(raw, "prompt_template", json_text_any(p, {"prompt_template"}));
  for (const char* k : {"is_private", "is_starter_project"}) put(raw, k, json_text_any(p, {k}));
  put(raw, "creator", json_path(p, {"creator", "full_name"}));
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
  simdjson::dom::array docs;
  int64_t k = 0;
  if (json_array(p, "docs", docs))
    for (JsonElement doc : docs) {
      std::string did = json_text_any(doc, {"uuid"}), file = json_text_any(doc, {"filename"});
      std::string content = json_text_any(doc, {"content"});
      Record n = make_record("note", platform, "project-doc:" + id + ":" + (did.empty() ? file + '\n' + content : did),
                             e.path, ptr + "/docs/" + std::to_string(k++));
      if (auto t = time_of(doc, "created_at")) set_time(n, *t);
      n.data["type"] = "project_document";
      put(n.data, "title", file);
      put(n.data, "text", content);
      json nraw = json::object();
      put(nraw, "project", name);
      put(nraw, "uuid", did);
      if (!nraw.empty()) n.data["raw"] = std::move(nraw);
      c.out.add(std::move(n));
    }
}

Verdict read_projects(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "claude projects",
                    [&](JsonElement p, const std::string& ptr) { read_project(c, e, p, ptr); });
}

// A memory entry: {conversations_memory: "...", project_memories: {project uuid: "..."},
// account_uuid, memory_files: [...]}. memories.json holds an array of them; the batched export
// has one per file under memories/.
void read_memory(ImportContext& c, const Entry& e, JsonElement m, const std::string& ptr) {
  std::string account = json_text_any(m, {"account_uuid"});
  auto add = [&](Record r, json raw) {
    r.data["type"] = "memory";
    put(raw, "account_uuid", account);
    if (!raw.empty()) r.data["raw"] = std::move(raw);
    c.out.add(std::move(r));
  };
  auto note = [&](const std::string& scope, const std::string& text, const std::string& pointer) {
    if (trim(text).empty()) return;
    Record r = make_record("note", platform, "memory:" + scope + '\n' + text, e.path, pointer);
    put(r.data, "title", scope.empty() ? "Claude memory" : "Claude memory of project " + scope);
    put(r.data, "text", text);
    json raw = json::object();
    put(raw, "project", scope);
    add(std::move(r), std::move(raw));
  };
  bool any = false;
  std::string general = json_text_any(m, {"conversations_memory"});
  if (!general.empty()) note("", general, ptr + "/conversations_memory"), any = true;
  JsonElement projects;
  if (json_object(m, "project_memories", projects)) {
    simdjson::dom::object obj;
    if (!projects.get_object().get(obj))
      for (auto field : obj) {
        note(std::string(field.key), json_text(field.value), ptr + "/project_memories/" + std::string(field.key));
        any = true;
      }
  }
  // Memory files: their shape is not documented; a name and a text are taken where they are,
  // and each file is kept whole in raw.
  simdjson::dom::array files;
  int64_t k = 0;
  if (json_array(m, "memory_files", files))
    for (JsonElement f : files) {
      json whole = to_nlohmann(f);
      std::string pointer = ptr + "/memory_files/" + std::to_string(k++);
      Record r = make_record("note", platform, "memory-file:" + whole.dump(), e.path, pointer);
      put(r.data, "title", f.is_string() ? "" : json_text_any(f, {"file_name", "filename", "name", "path", "title"}));
      put(r.data, "text", f.is_string() ? json_text(f) : json_text_any(f, {"content", "text", "memory"}));
      add(std::move(r), {{"memory_file", std::move(whole)}});
      any = true;
    }
  if (!any && general.empty()) {  // a shape this importer does not know: kept whole
    json whole = to_nlohmann(m);
    Record r = make_record("note", platform, "memory-raw:" + whole.dump(), e.path, ptr);
    add(std::move(r), std::move(whole));
  }
}

Verdict read_memories(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "claude memories",
                    [&](JsonElement m, const std::string& ptr) { read_memory(c, e, m, ptr); });
}

// The batched export's one-record files: memories/ACCOUNT.json and projects/UUID.json.
Verdict read_memory_file(ImportContext& c, const Entry& e) {
  read_memory(c, e, read_one_record(c, e), "");
  return {Fate::parsed, ""};
}

Verdict read_project_file(ImportContext& c, const Entry& e) {
  read_project(c, e, read_one_record(c, e), "");
  return {Fate::parsed, ""};
}

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/conversations.json", .read = read_conversations, .kinds = "conversation, message"},
            {.match = "**/users.json", .read = read_users, .kinds = "profile"},
            {.match = "**/projects.json", .read = read_projects, .kinds = "note"},
            {.match = "**/memories.json", .read = read_memories, .kinds = "note"},
            {.match = "**/projects/*.json", .read = read_project_file, .kinds = "note"},
            {.match = "**/memories/*.json", .read = read_memory_file, .kinds = "note"},
        },
};

}  // namespace

int probe_claude(const Archive& in) {
  const Entry* conv = in.first_suffix("conversations.json");
  if (!conv) return 0;
  std::string head = in.head(*conv, 4096);
  std::string_view h = trim(strip_bom(head));
  if (h.empty() || h[0] != '[') return 0;
  bool users = in.first_suffix("users.json") != nullptr;
  if (h.find("\"chat_messages\"") != std::string_view::npos) return users ? 95 : 90;
  // An account without conversations: "[]" beside users.json (and projects.json).
  if (h == "[]" && users) return 80;
  return 0;
}

void read_claude(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
