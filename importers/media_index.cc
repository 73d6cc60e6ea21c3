#include "importers/media_index.h"

#include "lib/text.h"

namespace dataport {

json media_object(const Entry& e, const MediaRef& ref) {
  json m = json::object();
  put(m, "sha256", ref.sha256);
  put(m, "path", e.path);
  put(m, "mime", ref.mime);
  m["size"] = ref.size;
  return m;
}

size_t MediaIndex::add(const Archive& in, Sink& out, const Entry& e, const std::string& note) {
  MediaRef ref = out.media(in, e);
  out.file(e, Fate::parsed, note);
  items_.push_back({&e, std::move(ref), false});
  return items_.size() - 1;
}

json MediaIndex::use(size_t index) {
  Item& it = items_[index];
  it.used = true;
  return media_object(*it.entry, it.ref);
}

void MediaIndex::emit_unused(Sink& out, std::string_view platform, std::string_view service) {
  for (Item& it : items_) {
    if (it.used) continue;
    Record r = make_record("media", platform, "media:" + it.entry->path, it.entry->path, "");
    r.service = service;
    put(r.data, "title", basename(it.entry->path));
    r.data["media"] = json::array({media_object(*it.entry, it.ref)});
    out.add(std::move(r));
    it.used = true;
  }
}

}  // namespace dataport
