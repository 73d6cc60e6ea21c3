// Bluesky repository export (docs/formats/bluesky.md): the CAR file of "Export my data"
// (com.atproto.sync.getRepo), and the blobs tools fetch beside it, each named by its CID.
// [x] *.car: CAR v1, every block's CID checked (SHA-256); a bad block is named and left out
// [x] the signed commit (v3 with rev, v2 without) -> profile (did, rev, data, sig, prev in raw)
// [x] the Merkle Search Tree, walked for each record's path (collection/rkey)
// [x] app.bsky.actor.profile -> profile (display name, description, avatar, banner, pinned post)
// [x] app.bsky.feed.post -> post (facets: mentions, links, tags; embeds: images, video, external,
//     record, recordWithMedia; replies; langs; self labels)
// [x] app.bsky.feed.like -> reaction; app.bsky.feed.repost -> post (type share, repost)
// [x] app.bsky.graph.follow, block -> contact (following, blocked)
// [x] app.bsky.graph.list -> group; app.bsky.graph.listitem -> contact (list_member)
// [x] app.bsky.feed.threadgate, postgate -> activity (reply_controls, quote_controls)
// [x] any other collection -> activity (action record, type: the collection), whole in raw
// [x] blobs (files named by their CID, any folder) -> media store, linked from their records
// [ ] repository format v1 (2022 beta): refused with a clear message
// [ ] direct messages, mutes, the handle: not in the repository

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/base.h"
#include "lib/car.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "bluesky";
constexpr int max_tree_depth = 128;  // MST depth grows with log4(records): 128 is far past any repo
constexpr int warn_cap = 20;         // per kind of problem, then one line with the count

// The run's state: stored blobs by CID text, made on first use.
struct State {
  bool indexed = false;
  std::unordered_map<std::string, StoredMedia*> blobs;
};

StoredMedia* blob_file(ImportContext& c, const std::string& cid) {
  State& s = c.state<State>();
  if (!s.indexed) {
    s.indexed = true;
    for (StoredMedia& m : c.media.all()) {
      std::string name(basename(m.entry->path));
      name = name.substr(0, name.find('.'));  // "bafkrei....jpg" as some tools name them
      if (auto raw = cid_from_text(name)) s.blobs.emplace(cid_text(*raw), &m);
    }
  }
  auto it = s.blobs.find(cid);
  return it == s.blobs.end() ? nullptr : it->second;
}

const std::string& str(const json& v, const char* key) {
  static const std::string none;
  if (!v.is_object()) return none;
  auto it = v.find(key);
  return it != v.end() && it->is_string() ? it->get_ref<const std::string&>() : none;
}

const json& member(const json& v, const char* key) {
  static const json none;
  if (!v.is_object()) return none;
  auto it = v.find(key);
  return it == v.end() ? none : *it;
}

// The CID text of a blob reference: {"$type": "blob", "ref": {"$link": ...}} or the legacy {"cid": ...}.
std::string blob_cid(const json& b) {
  std::string cid = str(member(b, "ref"), "$link");
  return cid.empty() ? str(b, "cid") : cid;
}

// The part after "#" of a lexicon reference ("app.bsky.graph.defs#modlist" -> "modlist").
std::string fragment(const std::string& s) { return s.substr(s.find('#') == std::string::npos ? 0 : s.find('#') + 1); }

// "at://did/collection/rkey" -> {did, collection, rkey}; empty parts when it is not one.
struct AtUri {
  std::string did, collection, rkey;
};
AtUri parse_at(std::string_view uri) {
  AtUri a;
  if (uri.rfind("at://", 0) != 0) return a;
  auto parts = split(uri.substr(5), '/');
  if (!parts.empty()) a.did = parts[0];
  if (parts.size() > 1) a.collection = parts[1];
  if (parts.size() > 2) a.rkey = parts[2];
  return a;
}

// The bsky.app address of an at-uri where the app has one; else the at-uri.
std::string web_url(const std::string& uri) {
  AtUri a = parse_at(uri);
  std::string base = "https://bsky.app/profile/" + a.did;
  if (a.did.empty()) return uri;
  if (a.collection.empty()) return base;
  if (a.collection == "app.bsky.feed.post") return base + "/post/" + a.rkey;
  if (a.collection == "app.bsky.graph.list") return base + "/lists/" + a.rkey;
  if (a.collection == "app.bsky.feed.generator") return base + "/feed/" + a.rkey;
  if (a.collection == "app.bsky.graph.starterpack") return "https://bsky.app/starter-pack/" + a.did + "/" + a.rkey;
  return uri;
}

std::string profile_url(const std::string& did) { return "https://bsky.app/profile/" + did; }

// One repository file being read.
struct Repo {
  Repo(ImportContext& ctx, const Entry& entry) : c(ctx), e(entry) {}
  ImportContext& c;
  const Entry& e;
  std::string did;
  json commit_raw = json::object();
  json profile;                                  // the app.bsky.actor.profile record, when met
  std::string profile_key;
  std::vector<std::pair<std::string, json>> later;  // list items and threadgates: read once every list is known
  std::map<std::string, std::string> list_names;         // list at-uri -> name
  std::map<std::string, int64_t> counts;                  // collection -> records
  int64_t problems = 0;

  std::string where(const std::string& key) const { return c.in.where(e) + " /" + key; }
  void problem(const std::string& where, const std::string& what) {
    if (++problems <= warn_cap) c.log.warn(where, what);
  }

  Record make(const char* kind, const std::string& natural, const std::string& key, const json& rec) {
    Record r = c.record(kind, natural, e, "/" + key);
    std::string t = str(rec, "createdAt");
    if (auto ts = parse_iso8601(t)) set_time(r, *ts);
    else if (!t.empty()) problem(where(key), "unreadable createdAt '" + t + "'");
    return r;
  }

  // Links a blob as a file of the media store when the archive has it, else names its CID.
  void add_blob(const json& b, const std::string& alt, json& media, json& missing) {
    std::string cid = blob_cid(b);
    if (cid.empty()) return;
    if (StoredMedia* m = blob_file(c, cid)) {
      json f = c.media.use(*m);
      put(f, "alt", alt);
      media.push_back(std::move(f));
    } else {
      missing.push_back(cid);
    }
  }

  void embed(const json& em, json& d, json& media, json& missing) {
    std::string type = str(em, "$type");
    if (type == "app.bsky.embed.images") {
      for (const json& img : member(em, "images").is_array() ? member(em, "images") : json::array())
        add_blob(member(img, "image"), str(img, "alt"), media, missing);
    } else if (type == "app.bsky.embed.video") {
      add_blob(member(em, "video"), str(em, "alt"), media, missing);
    } else if (type == "app.bsky.embed.external") {
      const json& ext = member(em, "external");
      std::string uri = str(ext, "uri");
      if (!uri.empty()) d["links"].push_back(uri);
      put(d, "link_title", str(ext, "title"));
      add_blob(member(ext, "thumb"), str(ext, "title"), media, missing);
    } else if (type == "app.bsky.embed.record") {
      put(d, "quote_of", web_url(str(member(em, "record"), "uri")));
    } else if (type == "app.bsky.embed.recordWithMedia") {
      embed(member(em, "record"), d, media, missing);
      embed(member(em, "media"), d, media, missing);
    }
  }

  void post(const std::string& key, const std::string& uri, const json& rec) {
    Record r = make("post", uri, key, rec);
    json& d = r.data;
    const std::string& text = str(rec, "text");
    put(d, "text", text);
    d["url"] = web_url(uri);
    d["visibility"] = "public";  // every record of a repository is public
    const json& langs = member(rec, "langs");
    if (langs.is_array() && !langs.empty() && langs[0].is_string()) put(d, "language", langs[0].get<std::string>());
    d["links"] = json::array();
    json mentions = json::array(), hashtags = json::array();
    const json& facets = member(rec, "facets");
    for (const json& f : facets.is_array() ? facets : json::array()) {
      // byteStart/byteEnd count UTF-8 bytes of the text; out of range or mid-character, the
      // feature still counts and only its slice of text is lost.
      std::string slice;
      const json& ix = member(f, "index");
      if (member(ix, "byteStart").is_number_unsigned() && member(ix, "byteEnd").is_number_unsigned()) {
        auto b = ix["byteStart"].get<uint64_t>(), en = ix["byteEnd"].get<uint64_t>();
        if (b < en && en <= text.size()) slice = text.substr(b, en - b);
        if (!valid_utf8(slice)) slice.clear();
      }
      for (const json& feat : member(f, "features").is_array() ? member(f, "features") : json::array()) {
        std::string t = fragment(str(feat, "$type"));
        if (t == "mention") mentions.push_back(!slice.empty() && slice[0] == '@' ? slice : str(feat, "did"));
        else if (t == "link" && !str(feat, "uri").empty()) d["links"].push_back(str(feat, "uri"));
        else if (t == "tag" && !str(feat, "tag").empty()) hashtags.push_back(str(feat, "tag"));
      }
    }
    for (const json& t : member(rec, "tags").is_array() ? member(rec, "tags") : json::array())
      if (t.is_string() && std::find(hashtags.begin(), hashtags.end(), t) == hashtags.end()) hashtags.push_back(t);
    const json& reply = member(rec, "reply");
    put(d, "reply_to", web_url(str(member(reply, "parent"), "uri")));
    json media = json::array(), missing = json::array();
    embed(member(rec, "embed"), d, media, missing);
    json labels = json::array();
    for (const json& l : member(member(rec, "labels"), "values").is_array() ? rec["labels"]["values"] : json::array())
      if (!str(l, "val").empty()) labels.push_back(str(l, "val"));
    if (!labels.empty()) {
      std::string cw;
      for (const json& l : labels) cw += (cw.empty() ? "" : ", ") + l.get<std::string>();
      put(d, "content_warning", cw);
      d["sensitive"] = true;
    }
    if (d["links"].empty()) d.erase("links");
    if (!mentions.empty()) d["mentions"] = std::move(mentions);
    if (!hashtags.empty()) d["hashtags"] = std::move(hashtags);
    if (!media.empty()) d["media"] = std::move(media);
    if (!missing.empty()) d["media_urls"] = std::move(missing);  // the blobs' CIDs, fetched with getBlob
    json raw = {{"uri", uri}};
    if (langs.is_array() && langs.size() > 1) raw["langs"] = langs;
    if (facets.is_array() && !facets.empty()) raw["facets"] = facets;
    put(raw, "embed", str(member(rec, "embed"), "$type"));
    put(raw, "reply_root", str(member(reply, "root"), "uri"));
    if (!labels.empty()) raw["labels"] = labels;
    d["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }

  // A like or a repost: a strong reference to another record.
  void subject_record(const std::string& key, const std::string& uri, const json& rec, bool like) {
    const json& subject = member(rec, "subject");
    std::string target = str(subject, "uri");
    Record r = make(like ? "reaction" : "post", uri, key, rec);
    if (like) {
      r.data["reaction"] = "like";
      std::string coll = parse_at(target).collection;
      put(r.data, "type", coll == "app.bsky.feed.post" ? "post" : coll == "app.bsky.feed.generator" ? "feed" : coll);
    } else {
      r.data["type"] = "share";
      r.data["repost"] = true;
      r.data["visibility"] = "public";
    }
    if (std::string web = web_url(target); web.rfind("https://", 0) == 0) r.data["url"] = web;
    json raw = {{"uri", uri}};
    put(raw, "subject", target);
    put(raw, "subject_cid", str(subject, "cid"));
    put(raw, "via", str(member(rec, "via"), "uri"));
    r.data["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }

  // A follow, block or list item: a DID as the subject.
  void account(const std::string& key, const std::string& uri, const json& rec, const char* relation,
               const std::string& list_uri = "") {
    std::string subject = str(rec, "subject");
    if (subject.empty()) return problem(where(key), "a " + std::string(relation) + " record without a subject: skipped");
    Record r = make("contact", std::string(relation) + ":" + list_uri + ":" + subject, key, rec);
    r.data["relation"] = relation;
    r.data["username"] = subject;
    r.data["url"] = profile_url(subject);
    json raw = {{"uri", uri}};
    if (!list_uri.empty()) {
      auto name = list_names.find(list_uri);
      put(r.data, "list", name == list_names.end() ? list_uri : name->second);
      raw["list"] = list_uri;
    }
    r.data["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }

  void list(const std::string& key, const std::string& uri, const json& rec) {
    std::string name = str(rec, "name");
    list_names[uri] = name;
    Record r = make("group", uri, key, rec);
    put(r.data, "name", name.empty() ? uri : name);
    r.data["url"] = web_url(uri);
    r.data["role"] = "owner";
    put(r.data, "type", fragment(str(rec, "purpose")));
    json raw = {{"uri", uri}};
    put(raw, "description", str(rec, "description"));
    put(raw, "avatar", blob_cid(member(rec, "avatar")));
    r.data["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }

  // Who may reply to a post (threadgate) or quote it (postgate).
  void gate(const std::string& key, const std::string& uri, const json& rec, bool thread) {
    Record r = make("activity", uri, key, rec);
    r.data["action"] = thread ? "reply_controls" : "quote_controls";
    r.data["type"] = "post";
    put(r.data, "url", web_url(str(rec, "post")));
    std::string says;
    const json& rules = member(rec, thread ? "allow" : "embeddingRules");
    if (!rules.is_array()) {
      says = thread ? "everybody may reply" : "";
    } else if (thread && rules.empty()) {
      says = "nobody may reply";
    } else {
      for (const json& rule : rules) {
        std::string t = fragment(str(rule, "$type"));
        std::string one = t == "mentionRule" ? "mentioned accounts" : t == "followingRule" ? "accounts followed"
                        : t == "followerRule" ? "followers" : t == "disableRule" ? "quotes disabled"
                        : t == "listRule" ? "members of " + (list_names.count(str(rule, "list")) ? list_names[str(rule, "list")]
                                                                                            : str(rule, "list"))
                        : t;
        says += (says.empty() ? "" : ", ") + one;
      }
      if (thread) says = "replies from: " + says;
    }
    put(r.data, "text", says);
    json raw = rec;
    raw.erase("$type");
    raw["uri"] = uri;
    r.data["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }

  void other(const std::string& key, const std::string& uri, const std::string& collection, const json& rec) {
    Record r = make("activity", uri, key, rec);
    r.data["action"] = "record";
    r.data["type"] = collection;
    // A web address where bsky.app has one; the at-uri (no address a browser opens) stays in raw.
    if (std::string web = web_url(uri); web.rfind("https://", 0) == 0) r.data["url"] = web;
    for (const char* k : {"displayName", "name", "title"})
      if (!str(rec, k).empty()) {
        put(r.data, "name", str(rec, k));
        break;
      }
    for (const char* k : {"text", "description", "content"})
      if (!str(rec, k).empty()) {
        put(r.data, "text", str(rec, k));
        break;
      }
    r.data["raw"] = rec;
    r.data["raw"]["uri"] = uri;
    c.out.add(std::move(r));
  }

  void record(const std::string& key, const json& rec) {
    size_t slash = key.find('/');
    std::string collection = key.substr(0, slash), rkey = key.substr(slash + 1);
    std::string uri = "at://" + did + "/" + key;
    if (!rec.is_object()) return problem(where(key), "the record is not a map: skipped");
    ++counts[collection];
    if (collection == "app.bsky.feed.post") return post(key, uri, rec);
    if (collection == "app.bsky.feed.like") return subject_record(key, uri, rec, true);
    if (collection == "app.bsky.feed.repost") return subject_record(key, uri, rec, false);
    if (collection == "app.bsky.graph.follow") return account(key, uri, rec, "following");
    if (collection == "app.bsky.graph.block") return account(key, uri, rec, "blocked");
    if (collection == "app.bsky.graph.list") return list(key, uri, rec);
    if (collection == "app.bsky.graph.listitem" || collection == "app.bsky.feed.threadgate")
      return later.emplace_back(key, rec), void();
    if (collection == "app.bsky.feed.postgate") return gate(key, uri, rec, false);
    if (collection == "app.bsky.actor.profile" && rkey == "self") {
      profile = rec;
      profile_key = key;
      return;
    }
    other(key, uri, collection, rec);
  }

  void finish_profile() {
    Record r = c.record("profile", "profile:" + did, e, profile_key.empty() ? "" : "/" + profile_key);
    json& d = r.data;
    d["username"] = did;  // the handle lives in the DID document, not in the repository
    d["url"] = profile_url(did);
    put(d, "name", str(profile, "displayName"));
    put(d, "summary", str(profile, "description"));
    if (auto t = parse_iso8601(str(profile, "createdAt"))) d["registered_at"] = format_rfc3339(*t);
    json raw = commit_raw;
    for (auto [key, field] : {std::pair{"avatar", "avatar"}, std::pair{"banner", "header"}}) {
      std::string cid = blob_cid(member(profile, key));
      if (cid.empty()) continue;
      if (StoredMedia* m = blob_file(c, cid)) d[field] = c.media.use(*m);
      else raw[std::string(key) + "_cid"] = cid;
    }
    put(raw, "pinned_post", str(member(profile, "pinnedPost"), "uri"));
    put(raw, "joined_via_starter_pack", str(member(profile, "joinedViaStarterPack"), "uri"));
    json labels = json::array();
    for (const json& l : member(member(profile, "labels"), "values").is_array() ? profile["labels"]["values"] : json::array())
      if (!str(l, "val").empty()) labels.push_back(str(l, "val"));
    if (!labels.empty()) raw["labels"] = std::move(labels);
    d["raw"] = std::move(raw);
    c.out.add(std::move(r));
  }
};

bool looks_like_node(std::string_view data) {
  // A two-key map whose first key is "e" (canonical order) or "l": docs/formats/bluesky.md.
  return data.size() > 3 && static_cast<unsigned char>(data[0]) == 0xa2 && data[1] == 0x61 && (data[2] == 'e' || data[2] == 'l');
}

// Walks the MST from `root`, in key order, into keys (path, record CID text).
void walk_tree(Repo& repo, const std::unordered_map<std::string, std::string>& nodes, const std::string& root,
               std::vector<std::pair<std::string, std::string>>& keys) {
  std::string where = repo.c.in.where(repo.e);
  std::unordered_set<std::string> seen;
  std::string last;
  std::function<void(const std::string&, int)> visit = [&](const std::string& cid, int depth) {
    if (depth > max_tree_depth) throw Error(where, "the record tree is deeper than " + std::to_string(max_tree_depth) + " levels");
    if (!seen.insert(cid).second) return repo.problem(where, "the tree names node " + cid_text(cid) + " twice: read once");
    auto it = nodes.find(cid);
    if (it == nodes.end())
      return repo.problem(where, "tree node " + cid_text(cid) + " is not in the file (or failed its check): the records under it are missing");
    json node;
    try {
      node = decode_dag_cbor(it->second, where + ": tree node " + cid_text(cid));
    } catch (const Error& err) {
      return repo.problem(err.where(), err.message() + ": the records under it are missing");
    }
    auto child = [&](const json& link) {
      if (link.is_object() && link.contains("$link"))
        if (auto raw = cid_from_text(str(link, "$link"))) visit(*raw, depth + 1);
    };
    child(member(node, "l"));
    std::string prev;
    const json& entries = member(node, "e");
    for (const json& en : entries.is_array() ? entries : json::array()) {
      const json& p = member(en, "p");
      std::string k = str(member(en, "k"), "$bytes");
      // $bytes is standard base64 with padding; the decoder at hand reads the URL alphabet.
      std::replace(k.begin(), k.end(), '+', '-');
      std::replace(k.begin(), k.end(), '/', '_');
      while (!k.empty() && k.back() == '=') k.pop_back();
      auto suffix = base64url_decode(k);
      if (!p.is_number_unsigned() || p.get<uint64_t>() > prev.size() || !suffix) {
        repo.problem(where + ": tree node " + cid_text(cid), "an entry with a broken key: skipped");
        continue;
      }
      std::string key = prev.substr(0, p.get<size_t>()) + *suffix;
      prev = key;
      std::string value = str(member(en, "v"), "$link");
      size_t slash = key.find('/');
      if (value.empty() || slash == std::string::npos || slash == 0 || slash + 1 == key.size() || !valid_utf8(key) ||
          key.find('/', slash + 1) != std::string::npos) {
        repo.problem(where + ": tree node " + cid_text(cid), "the entry '" + (valid_utf8(key) ? key : "?") +
                                                                   "' is not a collection/rkey path to a record: skipped");
      } else {
        if (!last.empty() && key <= last) repo.problem(where + " /" + key, "the tree's keys are out of order");
        last = key;
        keys.emplace_back(key, value);
      }
      child(member(en, "t"));
    }
  };
  visit(root, 0);
}

// Pass 1 over the CAR: every block checked; the commit and the tree nodes kept (records are read
// in pass 2).
struct FirstPass {
  std::string root;
  std::unordered_map<std::string, std::string> nodes;
  int64_t blocks = 0, bad = 0;
};

FirstPass read_blocks(ImportContext& c, const Entry& e, const std::string& where) {
  FirstPass f;
  auto s = c.in.open(e);
  CarReader car(*s, where);
  if (car.roots().empty()) throw Error(where, "the CAR header names no root: not a repository export");
  if (car.roots().size() > 1) c.log.warn(where, "the CAR names " + std::to_string(car.roots().size()) + " roots: the first is read");
  f.root = car.roots()[0];
  CarBlock b;
  while (car.next(b)) {
    ++f.blocks;
    if (!b.bad.empty()) {
      if (++f.bad <= warn_cap) c.log.warn(car.where(b), "bad block: " + b.bad + "; left out");
      continue;
    }
    if (b.cid == f.root || looks_like_node(b.data)) f.nodes.emplace(b.cid, std::move(b.data));
  }
  return f;
}

// The commit of the root block: the account's DID and the commit's fields into the repo; the CID
// of the record tree's root.
std::string read_commit(Repo& repo, const FirstPass& f, const std::string& where) {
  auto commit_it = f.nodes.find(f.root);
  if (commit_it == f.nodes.end()) throw Error(where, "the commit (root block " + cid_text(f.root) + ") is not in the file or failed its check");
  json commit = decode_dag_cbor(commit_it->second, where + ": commit");
  repo.did = str(commit, "did");
  if (!commit.contains("data") && commit.contains("root"))
    throw Error(where, "a repository of format version 1 (2022): dataport reads versions 2 and 3", "export the repository again");
  auto tree_root = cid_from_text(str(member(commit, "data"), "$link"));
  if (repo.did.rfind("did:", 0) != 0 || !tree_root)
    throw Error(where, "the root block is not a repository commit (no did or data)");
  json& cr = repo.commit_raw;
  cr["did"] = repo.did;
  cr["commit"] = cid_text(f.root);
  cr["data"] = str(member(commit, "data"), "$link");
  if (member(commit, "version").is_number()) cr["version"] = commit["version"];
  put(cr, "rev", str(commit, "rev"));
  put(cr, "prev", str(member(commit, "prev"), "$link"));
  put(cr, "sig", str(member(commit, "sig"), "$bytes"));
  if (!member(commit, "version").is_number() || commit["version"] < 2 || commit["version"] > 3)
    repo.c.log.warn(where, "a commit of version " + member(commit, "version").dump() + ": read as version 3");
  return *tree_root;
}

// Pass 2 over the CAR: the records the tree names, in the file's order.
struct SecondPass {
  std::vector<bool> read;  // per key: its record was found
  int64_t unreferenced = 0, repeated = 0;
};

SecondPass read_records(Repo& repo, const Entry& e, const std::string& root,
                        const std::vector<std::pair<std::string, std::string>>& keys, const std::string& where) {
  std::unordered_map<std::string, std::vector<size_t>> by_cid;  // record CID text -> indexes in keys
  for (size_t i = 0; i < keys.size(); ++i) by_cid[keys[i].second].push_back(i);
  SecondPass sp;
  sp.read.assign(keys.size(), false);
  auto s = repo.c.in.open(e);
  CarReader car(*s, where);
  CarBlock b;
  while (car.next(b)) {
    if (!b.bad.empty()) continue;  // said in pass 1
    auto it = by_cid.find(cid_text(b.cid));
    if (it == by_cid.end()) {
      if (b.cid != root && !looks_like_node(b.data)) ++sp.unreferenced;
      continue;
    }
    if (std::all_of(it->second.begin(), it->second.end(), [&](size_t i) { return sp.read[i]; })) {
      ++sp.repeated;  // a block given twice
      continue;
    }
    json rec;
    try {
      rec = decode_dag_cbor(b.data, car.where(b));
    } catch (const Error& err) {
      repo.problem(err.where(), err.message() + ": the record " + keys[it->second[0]].first + " is left out");
      for (size_t i : it->second) sp.read[i] = true;  // not missing: warned here
      continue;
    }
    for (size_t i : it->second) {
      sp.read[i] = true;
      repo.record(keys[i].first, rec);
    }
  }
  return sp;
}

Verdict read_repo(ImportContext& c, const Entry& e) {
  Repo repo(c, e);
  std::string where = c.in.where(e);
  FirstPass f = read_blocks(c, e, where);
  std::string tree_root = read_commit(repo, f, where);
  std::vector<std::pair<std::string, std::string>> keys;
  walk_tree(repo, f.nodes, tree_root, keys);
  f.nodes.clear();
  SecondPass sp = read_records(repo, e, f.root, keys, where);
  for (auto& [key, rec] : repo.later) {
    std::string uri = "at://" + repo.did + "/" + key;
    if (key.rfind("app.bsky.feed.threadgate/", 0) == 0) repo.gate(key, uri, rec, true);
    else repo.account(key, uri, rec, "list_member", str(rec, "list"));
  }
  repo.finish_profile();
  int64_t missing = 0;
  for (size_t i = 0; i < keys.size(); ++i)
    if (!sp.read[i] && ++missing <= warn_cap)
      c.log.warn(repo.where(keys[i].first), "record " + keys[i].second + " is not in the file (or failed its check)");
  if (repo.problems > warn_cap) c.log.warn(where, std::to_string(repo.problems) + " problems in all (the first " + std::to_string(warn_cap) + " shown)");
  if (missing > warn_cap) c.log.warn(where, std::to_string(missing) + " records missing in all");

  std::string note = std::to_string(keys.size() - static_cast<size_t>(missing)) + " records of " + repo.did + " (";
  bool first = true;
  for (auto& [coll, n] : repo.counts) note += (first ? "" : ", ") + std::to_string(n) + " " + coll, first = false;
  note += "), " + std::to_string(f.blocks) + " blocks checked";
  if (f.bad) note += ", " + std::to_string(f.bad) + " bad";
  if (missing) note += ", " + std::to_string(missing) + " records missing";
  if (sp.unreferenced) note += ", " + std::to_string(sp.unreferenced) + " blocks no record path names";
  if (sp.repeated) note += ", " + std::to_string(sp.repeated) + " blocks repeated";
  return {f.bad || missing || repo.problems ? Fate::partial : Fate::parsed, note};
}

void finish(ImportContext& c) { c.media.emit_unused(c.out, c.platform); }

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/*.car", .read = read_repo,
             .kinds = "post, reaction, contact, group, profile, activity"},
            {.match = "**/baf*", .kinds = "media", .media = true, .note = "a blob (image, video) named by its CID"},
        },
    .finish = finish,
};

}  // namespace

int probe_bluesky(const Archive& in) {
  int best = 0;
  for (const Entry& e : in.entries()) {
    std::string name = lower(basename(e.path));
    if (e.junk || e.link || name.size() < 5 || name.compare(name.size() - 4, 4, ".car") != 0) continue;
    std::string h = in.head(e, 64);
    if (h.find("roots") != std::string::npos && h.find("version") != std::string::npos) return 100;
    best = 40;  // a .car file without the CAR v1 header: read_repo says what is wrong
  }
  return best;
}

void read_bluesky(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
