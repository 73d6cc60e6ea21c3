// Google Photos: Google Photos/<album | Photos from YYYY>/<file> with a JSON sidecar that may sit
// in another part of the export. The pipeline stores every photo and video first (the media row,
// in listing order); read_photo_json reads each sidecar and album metadata.json wherever it sits;
// finish_photos then makes each stored photo or video a media record with its sidecar.
//
// Sidecar names seen (docs/formats/google.md, GooglePhotosTakeoutHelper #449, immich-go #652):
//   IMG_1234.JPG.json                     old scheme
//   IMG_1234.JPG.supplemental-metadata.json   from about Oct 2024
//   IMG_1234.JPG.supplemental-metad.json  ... cut so the name stays within 51 characters
//   IMG_1234.JPG(1).json                  the sidecar of IMG_1234(1).JPG
//   a_very_long_original_file_name_that_was_cut.json   the media name itself cut
//   IMG_1234.json                         extension dropped
//   IMG_1234-edited.JPG, IMG_1234.MP4 (motion photo): no sidecar; the original's is used.
//   IMG_1234-bearbeitet.JPG, -modifié, -bewerkt...: the edited suffix is in the account's language
//   IMG_1234-edited(1).JPG                the edited copy of IMG_1234(1).JPG
//   two long names cut to the same 46 characters: the sidecar's "title" (the full original name)
//   tells them apart

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>

#include "importers/google/google.h"
#include "importers/json_walk.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

// What a sidecar gives its photo. Every sidecar of the export is kept until the end (its photo
// may be in another part), so its fields are kept as CBOR: with a json tree, its File and its
// name, 100k photos took 698 MB at the peak; like this, 476 MB. Its title is a view of the same
// bytes, not a string of its own (about 70 bytes less a photo).
struct Sidecar {
  const Entry* entry = nullptr;
  std::vector<uint8_t> data;  // the media record's fields (json::to_cbor), then the title if not in them
  uint32_t cbor_size = 0;
  uint32_t title_at = 0, title_size = 0;  // in data
  std::optional<Timestamp> time;
  bool used = false;

  std::string_view name() const { return basename(entry->path); }
  /// The sidecar's "title" as given: the full original name, which tells cut names apart.
  std::string_view title() const { return {reinterpret_cast<const char*>(data.data()) + title_at, title_size}; }
  json fields() const { return json::from_cbor(data.begin(), data.begin() + cbor_size); }
};

bool is_media_name(std::string_view name) {
  std::string n = lower(name);
  size_t dot = n.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = n.substr(dot + 1);
  for (const char* e : {"jpg", "jpeg", "png", "gif", "heic", "heif", "webp", "bmp", "tif", "tiff", "dng", "raw",
                        "cr2", "nef", "arw", "mp4", "mov", "m4v", "3gp", "avi", "mkv", "wmv", "mpg", "mts", "mp",
                        "avif"})
    if (ext == e) return true;
  return false;
}

std::string dir_of(const std::string& canon) {
  size_t slash = canon.rfind('/');
  return slash == std::string::npos ? "" : canon.substr(0, slash);
}

// A file name without its extension (a view of `name`).
std::string_view stem_of(std::string_view name) { return name.substr(0, std::min(name.rfind('.'), name.size())); }

bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// A sidecar's name without ".json" and its "(N)", which sits at the end of it:
// IMG.jpg(1).json and IMG.jpg.supplemental-metadata(1).json have the number "(1)". Views of `sidecar`.
std::pair<std::string_view, std::string_view> sidecar_stem(std::string_view sidecar) {
  std::string_view stem = stem_of(sidecar), num;
  if (stem.size() > 3 && stem.back() == ')') {
    size_t open = stem.rfind('(');
    if (open != std::string_view::npos && open + 2 < stem.size() &&
        stem.find_first_not_of("0123456789", open + 1) == stem.size() - 1) {
      num = stem.substr(open);
      stem = stem.substr(0, open);
    }
  }
  return {stem, num};
}

// What a sidecar must be cut from to end in it: IMG.jpg.supplemental-metadata, .supplemental-metad,
// .supplem, and the bare "IMG.jpg." are all cut from IMG.jpg's.
constexpr std::string_view supplemental = "supplemental-metadata";

}  // namespace

int sidecar_fit(const std::string& media, const std::string& sidecar) {
  std::string base = media, num;
  split_numbering(media, base, num);
  auto [stem, stem_num] = sidecar_stem(sidecar);
  if (stem_num != num) return 0;
  if (stem == base) return 4;
  if (starts_with(stem, base + ".") && starts_with(base + "." + std::string(supplemental), stem)) return 4;
  if (stem.size() >= 40 && base.size() > stem.size() && starts_with(base, stem)) return 2;
  if (stem == stem_of(base)) return 1;
  return 0;
}

// A sidecar fits only a photo whose name (without its "(N)", which must be the sidecar's) is its
// stem, is its stem cut from a .supplemental-metadata, starts with its stem of 40 bytes or more, or
// is its stem with an extension (sidecar_fit's four cases). So each sidecar is filed under its
// stem, and under the name it was cut from, and a photo looks up its name, its name without the
// extension and its prefixes of 40 bytes or more; sidecar_fit() then weighs what was found.
SidecarFinder::SidecarFinder(std::vector<std::pair<std::string_view, std::string_view>> names_and_titles)
    : sidecars_(std::move(names_and_titles)) {
  nums_.reserve(sidecars_.size());
  for (size_t i = 0; i < sidecars_.size(); ++i) {
    auto [stem, num] = sidecar_stem(sidecars_[i].first);
    nums_.push_back(num);
    by_stem_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(stem.size())});
    size_t dot = stem.rfind('.');
    if (dot == std::string_view::npos) continue;
    std::string_view cut = stem.substr(dot + 1);
    if (cut.size() <= supplemental.size() && supplemental.substr(0, cut.size()) == cut)
      by_stem_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(dot)});
  }
  std::sort(by_stem_.begin(), by_stem_.end(), [&](const Key& a, const Key& b) {
    return std::tuple(key_of(a), a.sidecar) < std::tuple(key_of(b), b.sidecar);
  });
}

std::pair<std::string_view, std::string_view> SidecarFinder::key_of(const Key& k) const {
  return {sidecars_[k.sidecar].first.substr(0, k.stem_len), nums_[k.sidecar]};
}

std::optional<size_t> SidecarFinder::find(const std::string& media) const {
  std::string base = media, num;
  split_numbering(media, base, num);
  std::optional<size_t> best;
  int best_fit = 0;
  struct ByKey {  // a Key against a (stem, "(N)") looked up, either way round
    const SidecarFinder& f;
    bool operator()(const Key& k, const std::pair<std::string_view, std::string_view>& v) const { return f.key_of(k) < v; }
    bool operator()(const std::pair<std::string_view, std::string_view>& v, const Key& k) const { return v < f.key_of(k); }
  };
  auto consider = [&](std::string_view stem) {
    std::pair<std::string_view, std::string_view> key(stem, num);
    auto [from, to] = std::equal_range(by_stem_.begin(), by_stem_.end(), key, ByKey{*this});
    for (auto k = from; k != to; ++k) {
      size_t i = k->sidecar;
      int f = sidecar_fit(media, std::string(sidecars_[i].first)) * 2;
      if (f > 0 && sidecars_[i].second == base) ++f;
      if (f > best_fit || (f > 0 && f == best_fit && i < *best)) {
        best_fit = f;
        best = i;
      }
    }
  };
  consider(base);
  consider(stem_of(base));
  for (size_t n = 40; n < base.size(); ++n) consider(std::string_view(base).substr(0, n));
  return best;
}

namespace {

std::optional<Timestamp> photo_time(simdjson::dom::element e, const char* key) {
  simdjson::dom::element t;
  if (e.at_key(key).get(t) || !t.is_object()) return std::nullopt;
  auto secs = json_int(t, "timestamp");  // a string of Unix seconds; `formatted` is locale text
  if (!secs || *secs <= 0) return std::nullopt;
  return from_unix_seconds(*secs);
}

void put_geo(json& d, simdjson::dom::element e) {
  for (const char* key : {"geoData", "geoDataExif"}) {
    simdjson::dom::element g;
    if (e.at_key(key).get(g) || !g.is_object()) continue;
    auto lat = json_double(g, "latitude"), lon = json_double(g, "longitude");
    if (!lat || !lon || (*lat == 0 && *lon == 0)) continue;  // 0/0 means no position
    d["lat"] = degrees(*lat);
    d["lon"] = degrees(*lon);
    if (auto alt = json_double(g, "altitude"); alt && *alt != 0) d["altitude"] = *alt;
    return;
  }
}

// The name of the original of an edited copy ("IMG_1-edited(1).jpg" -> "IMG_1(1).jpg"), or "".
// Google adds the suffix in the account's language (GooglePhotosTakeoutHelper collects them) and
// "-EFFECTS", "-ANIMATION"... for what its assistant made from a photo.
std::string original_of_edited(const std::string& name) {
  std::string base = name, num;
  split_numbering(name, base, num);
  std::string stem(stem_of(base)), ext = base.substr(stem.size()), low = lower(stem);
  for (const char* suffix : {"-edited", "-bearbeitet", "-bewerkt", "-modifi\xC3\xA9", "-modifie\xCC\x81", "-modificato",
                             "-editado", "-ha editado", "-editat", "-edytowane", "-redigeret", "-redigert",
                             "-redigerad", "-muokattu", "-upraveno", "-\xE7\xB7\xA8\xE9\x9B\x86\xE6\xB8\x88\xE3\x81\xBF",
                             "-effects", "-animation", "-collage", "-smile", "-mix", "-motion"}) {
    std::string_view sfx(suffix);
    if (low.size() > sfx.size() && low.compare(low.size() - sfx.size(), std::string::npos, sfx) == 0)
      return stem.substr(0, stem.size() - sfx.size()) + num + ext;
  }
  return "";
}

Sidecar read_sidecar(simdjson::dom::element e) {
  Sidecar s;
  json d = json::object();
  std::string title = json_string(e, "title");
  put(d, "title", title);
  put(d, "description", json_string(e, "description"));
  put(d, "url", json_string(e, "url"));
  auto taken = photo_time(e, "photoTakenTime");
  auto created = photo_time(e, "creationTime");
  if (taken) d["taken_at"] = format_rfc3339(*taken);
  s.time = taken ? taken : created;
  put_geo(d, e);
  simdjson::dom::array people;
  if (!e.at_key("people").get(people)) {
    json p = json::array();
    for (simdjson::dom::element x : people) {
      std::string name = json_string(x, "name");
      if (!trim(name).empty()) p.push_back(json{{"name", repair_utf8(trim(name))}});
    }
    if (!p.empty()) d["people"] = p;
  }
  json raw = json::object();
  put(raw, "views", json_string(e, "imageViews"));
  if (created) raw["created"] = format_rfc3339(*created);
  simdjson::dom::element origin;
  if (!e.at_key("googlePhotosOrigin").get(origin) && origin.is_object()) raw["origin"] = to_nlohmann(origin);
  if (!raw.empty()) d["raw"] = std::move(raw);
  s.data = json::to_cbor(d);
  s.cbor_size = static_cast<uint32_t>(s.data.size());  // a sidecar is read whole: far below 4 GiB
  // CBOR holds a text as its bytes: the title is nearly always there as given (put() trims it).
  auto at = std::search(s.data.begin(), s.data.end(), title.begin(), title.end());
  if (at == s.data.end() && !title.empty()) at = s.data.insert(s.data.end(), title.begin(), title.end());
  s.title_at = static_cast<uint32_t>(at - s.data.begin());
  s.title_size = static_cast<uint32_t>(title.size());
  s.data.shrink_to_fit();
  return s;
}

// The album a folder stands for: "Photos from 2019" is Google's by-year folder, not an album.
std::string album_of(const std::string& dir) {
  std::string name(basename(dir));
  if (starts_with(name, "Photos from ") || starts_with(name, "Fotos von ") || lower(dir) == "google photos") return "";
  return name;
}

}  // namespace

/// The sidecars read so far, by canonical folder.
struct PhotoSidecars {
  std::map<std::string, std::vector<Sidecar>> by_dir;
};

bool is_photo_media(std::string_view name) { return is_media_name(name); }

Verdict read_photo_json(ImportContext& cx, const File& f) {
  std::string text = read_one_record_text(cx.in, *f.entry);  // a sidecar: one photo's or album's metadata
  simdjson::dom::element e = cx.parser.parse(strip_bom(text), f.where);
  if (!e.is_object()) return {Fate::unknown, ""};
  simdjson::dom::element album;
  bool is_album = !e.at_key("albumData").get(album);
  if (!is_album && lower(basename(f.canon)) == "metadata.json" && e.at_key("photoTakenTime").error()) {
    album = e;
    is_album = true;
  }
  if (is_album) {
    std::string title = json_string(album, "title");
    if (title.empty()) title = album_of(dir_of(f.canon));
    Record r = make_record("media", "google", "album|" + dir_of(f.canon) + "|" + title, f.entry->path, "");
    r.service = "photos";
    if (auto t = photo_time(album, "date")) set_time(r, *t);
    r.data["type"] = "album";
    put(r.data, "title", title);
    put(r.data, "description", json_string(album, "description"));
    json raw = json::object();
    put(raw, "access", json_string(album, "access"));
    put(raw, "location", json_string(album, "location"));
    if (!raw.empty()) r.data["raw"] = std::move(raw);
    cx.out.add(std::move(r));
    return {Fate::parsed, "album metadata"};
  }
  if (e.at_key("photoTakenTime").error() && e.at_key("creationTime").error()) return {Fate::unknown, ""};
  Sidecar s = read_sidecar(e);
  s.entry = f.entry;
  State& st = state(cx);
  if (!st.photos) st.photos = std::make_shared<PhotoSidecars>();
  st.photos->by_dir[dir_of(f.canon)].push_back(std::move(s));
  return {Fate::unknown, ""};  // its verdict comes in finish_photos, once its photo is known
}

void finish_photos(ImportContext& cx) {
  State& st = state(cx);
  if (!st.photos) st.photos = std::make_shared<PhotoSidecars>();
  auto& sidecars = st.photos->by_dir;
  // All read: without the room their growth left, before what this makes for the photos.
  for (auto& [dir, list] : sidecars) list.shrink_to_fit();
  // The photos and videos the media row stored, in listing order, by folder.
  struct Folder {
    std::vector<std::string_view> names;                         // in listing order
    std::vector<std::pair<std::string_view, size_t>> by_stem;  // (stem_of(name), place in names), sorted
    std::optional<SidecarFinder> sidecars;                       // made on first use
    // The places of the names of this stem, in listing order.
    std::span<const std::pair<std::string_view, size_t>> of_stem(std::string_view stem) const {
      auto from = std::lower_bound(by_stem.begin(), by_stem.end(), std::pair(stem, size_t{0}));
      auto to = std::upper_bound(from, by_stem.end(), std::pair(stem, SIZE_MAX));
      return {from, to};
    }
    bool has(std::string_view name) const {
      for (const auto& [stem, k] : of_stem(stem_of(name)))
        if (names[k] == name) return true;
      return false;
    }
  };
  std::map<std::string, Folder> folders;
  // With its folder (map nodes stay put); its canonical path is made again where it is needed.
  std::vector<std::pair<StoredMedia*, std::map<std::string, Folder>::value_type*>> media;
  for (StoredMedia& m : cx.media.all()) {
    std::string canon = canonical_path(m.entry->path, st.root);
    if (lower(canon).rfind("google photos/", 0) != 0) continue;  // a Keep attachment
    auto& in_folder = *folders.try_emplace(dir_of(canon)).first;
    Folder& folder = in_folder.second;
    std::string_view name = basename(m.entry->path);  // views of the archive's entries, which outlive this
    folder.by_stem.emplace_back(stem_of(name), folder.names.size());
    folder.names.push_back(name);
    media.emplace_back(&m, &in_folder);
  }
  for (auto& [dir, folder] : folders) std::sort(folder.by_stem.begin(), folder.by_stem.end());
  int64_t without = 0;
  for (auto& [m, in_folder] : media) {
    const std::string& dir = in_folder->first;
    std::string name(basename(m->entry->path));
    auto& list = sidecars[dir];
    Folder& folder = in_folder->second;
    if (!folder.sidecars) {
      std::vector<std::pair<std::string_view, std::string_view>> names;  // views of `list`, which outlives this
      for (const Sidecar& x : list) names.emplace_back(x.name(), x.title());
      folder.sidecars.emplace(std::move(names));
    }
    auto find = [&](std::string_view photo) -> Sidecar* {
      auto i = folder.sidecars->find(std::string(photo));
      return i ? &list[*i] : nullptr;
    };
    Sidecar* s = find(name);
    // An edited copy borrows its original's sidecar; a suffix alone ("holiday-mix.jpg" may be a
    // name someone chose) counts only with the original's file or sidecar beside it.
    std::string original = original_of_edited(name);
    Sidecar* of_original = original.empty() ? nullptr : find(original);
    bool edited = of_original || (!original.empty() && folder.has(original));
    if (!s) s = of_original;
    if (!s) {  // a motion photo's video borrows its picture's: the first of the same stem with one
      for (const auto& [stem, k] : folder.of_stem(stem_of(name)))
        if (folder.names[k] != name && (s = find(folder.names[k]))) break;
    }
    std::string key =
        !m->digest ? "photo-path|" + canonical_path(m->entry->path, st.root) : "photo|" + m->sha256();
    Record r = make_record("media", "google", key, m->entry->path, "");
    r.service = "photos";
    if (s) {
      r.data = s->fields();
      if (s->time) set_time(r, *s->time);
      s->used = true;
    } else {
      ++without;
      put(r.data, "title", name);
    }
    r.data["media"] = json::array({cx.media.use(*m)});
    put(r.data, "album", album_of(dir));
    if (edited) r.data["raw"]["edited"] = true;
    if (!s) r.data["raw"]["file_name"] = name;
    cx.out.add(std::move(r));
    cx.out.file(*m->entry, Fate::parsed, s ? "photo with sidecar " + std::string(s->name()) : "photo without a sidecar");
  }
  if (without) cx.log.note(std::to_string(without) + " Google Photos files have no sidecar (kept with their name only)");
  // Sidecars whose photo is not in the export still say when and where it was taken.
  for (auto& [dir, list] : sidecars)
    for (Sidecar& s : list) {
      if (s.used) {
        cx.out.file(*s.entry, Fate::parsed, "sidecar");
        continue;
      }
      File f = file_of(cx, *s.entry);
      cx.log.warn(f.where, "sidecar without its photo in the archive; kept as a record without media");
      Record r = make_record("media", "google", "photo-sidecar|" + f.canon, f.entry->path, "");
      r.service = "photos";
      r.data = s.fields();
      if (s.time) set_time(r, *s.time);
      put(r.data, "album", album_of(dir));
      cx.out.add(std::move(r));
      cx.out.file(*s.entry, Fate::parsed, "sidecar without its photo");
    }
}

}  // namespace dataport::google
