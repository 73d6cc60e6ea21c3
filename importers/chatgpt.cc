// ChatGPT data export (docs/formats/chatgpt.md): conversation trees, the account, feedback and shares.
// [x] conversations.json, conversations-NNN.json (sharded, 2026) -> conversation, message: the
//     visible thread (current_node up to the root) in order, every other branch (edits,
//     regenerations) kept with `branch`; hidden and weight-0 messages kept with `hidden`
// [x] content types: text, multimodal_text (image/audio asset pointers -> files of the export),
//     code, execution_output, tether_browsing_display, tether_quote, thoughts, reasoning_recap,
//     system_error; any other type keeps its content in raw
// [x] user_editable_context (the hidden custom instructions) -> note (type custom_instructions),
//     one per distinct content, not a message of the conversation
// [x] files of the export (file-<id>-<name>, file_<hex>-*, dalle-generations/...) -> media store
// [x] user.json -> profile
// [x] message_feedback.json -> reaction
// [x] shared_conversations.json -> activity (share)
// [ ] chat.html: ignored (a rendering of conversations.json)
// [ ] model_comparisons.json: not read, kept as a file

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "chatgpt";

bool is_conversations_file(std::string_view base) {
  if (base == "conversations.json") return true;
  // conversations-000.json ...
  if (base.size() < 20 || base.substr(0, 14) != "conversations-" || base.substr(base.size() - 5) != ".json") return false;
  std::string_view digits = base.substr(14, base.size() - 19);
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// create_time is float seconds with up to microsecond digits, or null.
std::optional<Timestamp> float_time(JsonElement obj, std::string_view key) {
  auto v = json_double(obj, key);
  if (!v || *v <= 0) return std::nullopt;
  return from_unix_micros(static_cast<int64_t>(std::llround(*v * 1e6)));
}

// "file-service://file-AbC123" -> "file-AbC123"; "sediment://file_00ab" -> "file_00ab".
std::string pointer_id(std::string_view pointer) {
  size_t slash = pointer.rfind('/');
  if (slash != std::string_view::npos) pointer = pointer.substr(slash + 1);
  return std::string(pointer);
}

// The file id a file of the export is named after: "file-AbC123-photo.png" -> "file-AbC123".
std::string file_id(std::string_view base) {
  if (base.size() > 5 && (base.substr(0, 5) == "file-" || base.substr(0, 5) == "file_")) {
    size_t end = base.find_first_of("-.", 5);
    return std::string(base.substr(0, end));
  }
  return std::string(base.substr(0, base.rfind('.')));
}

// The files of the export by the id they are named after, indexed on first use from the media
// the pipeline stored (the first file of an id wins).
struct Files {
  bool indexed = false;
  std::unordered_map<std::string, StoredMedia*> by_id;
};

StoredMedia* file_of(ImportContext& c, const std::string& id) {
  Files& f = c.state<Files>();
  if (!f.indexed) {
    for (StoredMedia& m : c.media.all()) f.by_id.emplace(file_id(basename(m.entry->path)), &m);
    f.indexed = true;
  }
  auto it = f.by_id.find(id);
  return it == f.by_id.end() ? nullptr : it->second;
}

struct Node {
  std::string parent;
  std::vector<std::string> children;
  JsonElement message;
  bool has_message = false;
};

void add_attachment(ImportContext& c, json& attachments, const std::string& id, std::string_view pointer) {
  StoredMedia* file = file_of(c, id);
  json a = file ? c.media.use(*file) : json{{"url", std::string(pointer)}};
  if (std::find(attachments.begin(), attachments.end(), a) == attachments.end()) attachments.push_back(std::move(a));
}

// Citation markers in private-use characters: U+E200 "cite" U+E202 "turn0search1" U+E201.
std::string strip_citations(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("\xee\x88\x80", i);
    if (open == std::string_view::npos) break;
    size_t close = s.find("\xee\x88\x81", open);
    if (close == std::string_view::npos) break;
    out.append(s.substr(i, open - i));
    i = close + 3;
  }
  out.append(s.substr(i));
  return out;
}

void append(std::string& text, std::string_view raw) {
  std::string cleaned = strip_citations(raw);
  std::string_view more = trim(cleaned);
  if (more.empty()) return;
  if (!text.empty()) text += "\n\n";
  text += more;
}

// The text of a message's content, whatever its type; files it points at go to attachments.
void read_content(ImportContext& c, JsonElement content, const std::string& type, std::string& text, json& attachments, json& d) {
  simdjson::dom::array arr;
  if (type == "thoughts" && json_array(content, "thoughts", arr)) {
    for (JsonElement t : arr) {
      append(text, json_text_any(t, {"summary"}));
      append(text, json_text_any(t, {"content"}));
    }
    return;
  }
  if (type == "reasoning_recap") return append(text, json_text_any(content, {"content"}));
  if (type == "tether_browsing_display") {
    append(text, json_text_any(content, {"result"}));
    append(text, json_text_any(content, {"summary"}));
    return;
  }
  if (type == "tether_quote") {
    append(text, json_text_any(content, {"title"}));
    append(text, json_text_any(content, {"text"}));
    put(d, "url", json_text_any(content, {"url"}));
    return;
  }
  if (type == "system_error") {
    append(text, json_text_any(content, {"name"}) + ": " + json_text_any(content, {"text"}));
    return;
  }
  if (type == "code") put(d, "language", json_text_any(content, {"language"}));
  if (json_array(content, "parts", arr)) {
    for (JsonElement p : arr) {
      if (p.is_string()) {
        append(text, json_text(p));
        continue;
      }
      std::string pointer = json_text_any(p, {"asset_pointer"});
      if (!pointer.empty()) {
        add_attachment(c, attachments, pointer_id(pointer), pointer);
        continue;
      }
      JsonElement inner;  // video containers and the like nest their pointer one level down
      if (json_any(p, {"audio_asset_pointer", "video_container_asset_pointer", "frames_asset_pointers"}, inner)) {
        std::string ip = json_text_any(inner, {"asset_pointer"});
        if (!ip.empty()) add_attachment(c, attachments, pointer_id(ip), ip);
      }
      append(text, json_text_any(p, {"text"}));  // audio_transcription
    }
    return;
  }
  std::string plain = json_text_any(content, {"text", "result"});
  if (!plain.empty()) return append(text, plain);
  // A type this importer does not know: keep it whole rather than drop it.
  d["raw"]["content"] = to_nlohmann(content);
}

// The hidden custom-instructions node (content_type user_editable_context) is a setting of the
// person that ChatGPT copies into each conversation, not a turn of it: a note, keyed by its
// content, so the same instructions met in many conversations are one note and each change is
// another. Always true: the node is consumed whether or not it holds text.
bool read_custom_instructions(ImportContext& c, JsonElement m, JsonElement content, const std::string& path,
                              const std::string& pointer) {
  std::string profile(trim(json_text_any(content, {"user_profile"})));
  std::string instructions(trim(json_text_any(content, {"user_instructions"})));
  if (profile.empty() && instructions.empty()) return true;
  Record r = make_record("note", platform, "custom_instructions:" + profile + '\n' + instructions, path, pointer);
  if (auto t = float_time(m, "create_time")) set_time(r, *t);
  r.data["type"] = "custom_instructions";
  r.data["title"] = "ChatGPT custom instructions";
  std::string text;
  append(text, profile);
  append(text, instructions);
  put(r.data, "text", text);
  put(r.data["raw"], "user_profile", profile);  // the two boxes of the settings, as the platform names them
  put(r.data["raw"], "user_instructions", instructions);
  c.out.add(std::move(r));
  return true;
}

// One message node into a record; false when it holds nothing worth keeping (or is not a message).
bool read_message(ImportContext& c, const std::string& conv, const std::string& title, const std::string& node_id, const Node& n,
                  const std::string& path, const std::string& ptr, json extra) {
  JsonElement m = n.message, author, content, meta;
  std::string role = json_path(m, {"author", "role"});
  JsonElement uec;
  if (json_member(m, "content", uec) && json_text_any(uec, {"content_type"}) == "user_editable_context") {
    read_custom_instructions(c, m, uec, path, ptr + "/mapping/" + node_id);
    return false;
  }
  Record r = make_record("message", platform, "message:" + conv + ":" + node_id, path, ptr + "/mapping/" + node_id);
  json& d = r.data;
  if (auto t = float_time(m, "create_time")) set_time(r, *t);
  d["thread_id"] = conv;
  put(d, "thread_title", title);
  put(d, "role", role);
  // The person's own turns are "sent"; everything else (assistant, tools, system) is received.
  std::string name = json_path(m, {"author", "name"});
  if (role == "user" && name.empty()) {
    d["direction"] = "sent";
  } else {
    d["direction"] = "received";
    d["from"] = {{"name", !name.empty() ? name : role == "assistant" ? std::string("ChatGPT") : role}};
  }
  std::string type;
  std::string text;
  json attachments = json::array();
  if (json_member(m, "content", content)) {
    type = json_text_any(content, {"content_type"});
    read_content(c, content, type, text, attachments, d);
  }
  put(d, "content_type", type);
  put(d, "text", text);
  bool hidden = false;
  simdjson::dom::array arr;
  if (json_member(m, "metadata", meta)) {
    put(d, "model", json_text_any(meta, {"model_slug"}));
    hidden = json_path(meta, {"is_visually_hidden_from_conversation"}) == "true";
    if (json_array(meta, "attachments", arr))
      for (JsonElement a : arr) {
        std::string id = json_text_any(a, {"id"});
        if (!id.empty()) add_attachment(c, attachments, id, json_text_any(a, {"name"}));
      }
    json links = json::array();
    if (json_array(meta, "citations", arr))
      for (JsonElement cit : arr) {
        std::string u = json_path(cit, {"metadata", "url"});
        if (!u.empty() && std::find(links.begin(), links.end(), u) == links.end()) links.push_back(u);
      }
    if (!links.empty()) d["links"] = std::move(links);
  }
  auto weight = json_double(m, "weight");
  if (weight && *weight == 0) hidden = true;
  if (hidden) d["hidden"] = true;
  if (!attachments.empty()) d["attachments"] = std::move(attachments);
  std::string recipient = json_text_any(m, {"recipient"});
  if (recipient != "all") put(d, "recipient", recipient);
  put(d, "channel", json_text_any(m, {"channel"}));
  std::string status = json_text_any(m, {"status"});
  if (status != "finished_successfully") put(d, "status", status);
  if (!n.parent.empty()) d["parent"] = n.parent;
  for (auto& [k, v] : extra.items()) d[k] = v;
  if (!d.contains("text") && !d.contains("attachments") && !d.contains("raw")) return false;  // an empty system prompt
  c.out.add(std::move(r));
  return true;
}

void read_conversation(ImportContext& c, const Entry& e, JsonElement conv, const std::string& ptr) {
  std::string id = json_text_any(conv, {"conversation_id", "id"});
  simdjson::dom::object mapping;
  JsonElement mv;
  if (id.empty() || !json_member(conv, "mapping", mv) || mv.get_object().get(mapping)) {
    // A shape this importer does not know: the conversation is kept with what it has.
    json whole = to_nlohmann(conv);
    if (!whole.is_object() || whole.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "empty conversation: skipped");
    Record r = make_record("conversation", platform, "conversation:" + (id.empty() ? whole.dump() : id), e.path, ptr);
    if (auto t = float_time(conv, "create_time")) set_time(r, *t);
    put(r.data, "title", json_text_any(conv, {"title"}));
    if (!id.empty()) r.data["thread_id"] = id;
    r.data["raw"] = std::move(whole);
    c.out.add(std::move(r));
    return;
  }
  std::string title = json_text_any(conv, {"title"});
  std::unordered_map<std::string, Node> nodes;
  std::vector<std::string> order;
  for (auto field : mapping) {
    std::string key(field.key);
    Node n;
    JsonElement v;
    n.parent = json_text_any(field.value, {"parent"});
    simdjson::dom::array kids;
    if (json_array(field.value, "children", kids))
      for (JsonElement k : kids) n.children.push_back(json_text(k));
    n.has_message = json_member(field.value, "message", v) && v.is_object();
    if (n.has_message) n.message = v;
    order.push_back(key);
    nodes.emplace(key, std::move(n));
  }
  // The visible thread: from current_node up through the parents (guarding against cycles).
  std::vector<std::string> thread;
  std::set<std::string> on_thread;
  std::string cur = json_text_any(conv, {"current_node"});
  if (!nodes.count(cur)) {
    // No usable current_node: follow the latest child from the root.
    cur.clear();
    for (const std::string& k : order)
      if (nodes[k].parent.empty() || !nodes.count(nodes[k].parent)) {
        cur = k;
        break;
      }
    while (!cur.empty() && !nodes[cur].children.empty() && nodes.count(nodes[cur].children.back()))
      cur = nodes[cur].children.back();
  }
  while (!cur.empty() && nodes.count(cur) && on_thread.insert(cur).second) {
    thread.push_back(cur);
    cur = nodes[cur].parent;
  }
  std::reverse(thread.begin(), thread.end());

  int64_t index = 0;
  for (const std::string& k : thread)
    if (nodes[k].has_message && read_message(c, id, title, k, nodes[k], e.path, ptr, {{"index", index}})) ++index;
  // The top of each off-thread node's branch, once a walk up from it found one without going
  // round a cycle: walking up from every node of a branch of L nodes cost L x L (an early turn
  // edited leaves the whole old conversation off the thread). A walk that meets a node whose top
  // is known ends there, as walking on would (that node's walk met no node of this one).
  std::map<std::string, std::string> branch_top;
  for (const std::string& k : order) {
    const Node& n = nodes[k];
    if (on_thread.count(k) || !n.has_message) continue;
    // What made the branch: the role of its first node off the thread (a user turn was edited,
    // an assistant turn regenerated); the nodes below it share the label.
    std::string top = k;
    std::set<std::string> seen;
    std::vector<std::string> walked;
    bool cycle = false;
    for (;;) {
      if (auto known = branch_top.find(top); known != branch_top.end()) {
        top = known->second;
        break;
      }
      if (!seen.insert(top).second) {  // round a cycle: ends where it came back, so not kept
        cycle = true;
        break;
      }
      walked.push_back(top);
      const std::string& parent = nodes[top].parent;
      if (!nodes.count(parent) || on_thread.count(parent)) break;
      top = parent;
    }
    if (!cycle)
      for (const std::string& w : walked) branch_top.emplace(w, top);
    std::string role = nodes[top].has_message ? json_path(nodes[top].message, {"author", "role"}) : "";
    const char* branch = role == "user" ? "edit" : role == "assistant" ? "regeneration" : "alternate";
    read_message(c, id, title, k, n, e.path, ptr, {{"branch", branch}});
  }

  Record r = make_record("conversation", platform, "conversation:" + id, e.path, ptr);
  if (auto t = float_time(conv, "create_time")) set_time(r, *t);
  put(r.data, "title", title);
  put(r.data, "model", json_text_any(conv, {"default_model_slug"}));
  r.data["url"] = "https://chatgpt.com/c/" + id;
  r.data["thread_id"] = id;
  r.data["message_count"] = index;
  if (auto t = float_time(conv, "update_time")) r.data["updated_at"] = format_rfc3339(*t);
  json raw = json::object();
  for (const char* k : {"is_archived", "is_starred", "gizmo_id", "gizmo_type", "conversation_template_id", "memory_scope"})
    put(raw, k, json_text_any(conv, {k}));
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

Verdict read_conversations(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "chatgpt conversations",
                    [&](JsonElement conv, const std::string& ptr) { read_conversation(c, e, conv, ptr); });
}

Verdict read_user(ImportContext& c, const Entry& e) {
  JsonElement u = read_one_record(c, e);
  std::string id = json_text_any(u, {"id"});
  Record r = make_record("profile", platform, "profile:" + id, e.path, "");
  std::string email = json_text_any(u, {"email"}), phone = json_text_any(u, {"phone_number"});
  if (!email.empty()) r.data["emails"] = json::array({{{"address", email}}});
  if (!phone.empty()) r.data["phones"] = json::array({{{"number", phone}}});
  json raw = json::object();
  for (const char* k : {"id", "chatgpt_plus_user", "birth_year"}) put(raw, k, json_text_any(u, {k}));
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
  return {Fate::parsed, "chatgpt account"};
}

void read_feedback(ImportContext& c, JsonElement f, const Entry& e, const std::string& ptr) {
  std::string id = json_text_any(f, {"id"}), conv = json_text_any(f, {"conversation_id"});
  std::string message = json_text_any(f, {"message_id"});
  // Legacy items have no id of their own, only the message they rate: the key is then every
  // field that tells two of them apart (7 items of one real export were counted as 1).
  std::string key = !id.empty() ? "feedback:" + id
                                : "feedback-of:" + conv + '\n' + message + '\n' + json_text_any(f, {"rating"}) + '\n' +
                                      json_text_any(f, {"create_time"}) + '\n' + json_text_any(f, {"content"});
  Record r = make_record("reaction", platform, key, e.path, ptr);
  if (auto t = float_time(f, "create_time")) set_time(r, *t);
  else if (auto t2 = parse_iso8601(json_text_any(f, {"create_time"}))) set_time(r, *t2);
  r.data["reaction"] = snake_case(json_text_any(f, {"rating"}));
  if (!conv.empty()) r.data["url"] = "https://chatgpt.com/c/" + conv;
  // `content` is JSON in a string: {"text": "...", "tags": [...]}.
  std::string content = json_text_any(f, {"content"});
  std::string text = content;
  if (!content.empty() && content[0] == '{') {
    JsonParser inner;
    try {
      JsonElement parsed = inner.parse(content, c.in.where(e) + " " + ptr);
      text = json_text_any(parsed, {"text"});
      simdjson::dom::array tags;
      if (json_array(parsed, "tags", tags) && tags.size() > 0) r.data["tags"] = json_texts(tags);
    } catch (const Error&) {
    }
  }
  put(r.data, "text", text);
  json raw = json::object();
  put(raw, "conversation_id", conv);
  put(raw, "message_id", message);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void read_share(ImportContext& c, JsonElement s, const Entry& e, const std::string& ptr) {
  std::string id = json_text_any(s, {"id"});
  std::string key = !id.empty() ? "share:" + id
                                : "share-of:" + json_text_any(s, {"conversation_id"}) + '\n' + json_text_any(s, {"title"}) +
                                      '\n' + json_text_any(s, {"is_anonymous"});
  Record r = make_record("activity", platform, key, e.path, ptr);
  r.data["action"] = "share";
  put(r.data, "title", json_text_any(s, {"title"}));
  if (!id.empty()) r.data["url"] = "https://chatgpt.com/share/" + id;
  json raw = json::object();
  put(raw, "conversation_id", json_text_any(s, {"conversation_id"}));
  put(raw, "is_anonymous", json_text_any(s, {"is_anonymous"}));
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

Verdict read_feedback_file(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "chatgpt message feedback",
                    [&](JsonElement f, const std::string& ptr) { read_feedback(c, f, e, ptr); });
}

Verdict read_shares(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "chatgpt shared conversations",
                    [&](JsonElement s, const std::string& ptr) { read_share(c, s, e, ptr); });
}

void finish(ImportContext& c) { c.media.emit_unused(c.out, platform); }

// First match wins: the data files by name, then every other file of the export is media.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "re:(.*/)?conversations(-[0-9]+)?\\.json",
             .read = read_conversations,
             .kinds = "conversation, message, note"},
            {.match = "**/user.json", .read = read_user, .kinds = "profile"},
            {.match = "**/message_feedback.json", .read = read_feedback_file, .kinds = "reaction"},
            {.match = "**/shared_conversations.json", .read = read_shares, .kinds = "activity"},
            {.match = "**/model_comparisons.json", .kinds = "file", .fate = Fate::unknown},
            {.match = "**/chat.html", .note = "a rendering of conversations.json", .fate = Fate::ignored},
            {.match = "**/*", .kinds = "media", .media = true, .note = "chatgpt file"},
        },
    .finish = finish,
};

}  // namespace

int probe_chatgpt(const Archive& in) {
  int score = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || !is_conversations_file(lower(basename(e.path)))) continue;
    std::string head = in.head(e, 2048);
    std::string_view h = trim(strip_bom(head));
    if (h.empty() || h[0] != '[') continue;
    if (h.find("\"mapping\"") != std::string_view::npos || h.find("\"current_node\"") != std::string_view::npos) return 95;
    if (h == "[]") score = 60;
  }
  if (score && in.first_suffix("user.json") && in.first_suffix("chat.html")) score = 85;
  return score;
}

void read_chatgpt(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
