#include "exporters/photo_meta.h"

// exiv2 0.27's handles are std::auto_ptr, deprecated since C++11: the warnings say nothing about
// this code, and are silenced for this file only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>

#include <cmath>
#include <cstdio>
#include <mutex>

#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

void init_exiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize();
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // its warnings would go to stderr unasked
  });
}

// "2024-02-03T19:00:00Z" -> "2024:02:03 19:00:00" (Exif keeps no zone; OffsetTime* says UTC).
std::string exif_date(const Timestamp& t) {
  std::string s = format_rfc3339(t).substr(0, 19);
  s[4] = s[7] = ':';
  s[10] = ' ';
  return s;
}

std::string xmp_date(const Timestamp& t) { return format_rfc3339(t).substr(0, 19) + "+00:00"; }

// Degrees as Exif's three rationals, to a millionth of an arc second.
std::string exif_dms(double deg) {
  auto micro = static_cast<int64_t>(std::llround(std::fabs(deg) * 3600.0 * 1e6));
  int64_t d = micro / 3600000000LL, m = micro / 60000000LL % 60, s = micro % 60000000LL;
  return std::to_string(d) + "/1 " + std::to_string(m) + "/1 " + std::to_string(s) + "/1000000";
}

// Degrees as XMP's "DDD,MM.mmmmmmK" (XMP specification part 2, GPSCoordinate).
std::string xmp_coordinate(double deg, char pos, char neg) {
  double a = std::fabs(deg);
  auto d = static_cast<int64_t>(a);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld,%.8f%c", static_cast<long long>(d), (a - static_cast<double>(d)) * 60.0,
                deg < 0 ? neg : pos);
  return buf;
}

std::string exif_altitude(double alt) {
  return std::to_string(std::llround(std::fabs(alt) * 1000.0)) + "/1000";
}

bool has_text(const Exiv2::ExifData& e, const char* key) {
  auto it = e.findKey(Exiv2::ExifKey(key));
  if (it == e.end()) return false;
  std::string v(trim(it->toString()));
  return !v.empty() && v.find_first_not_of("0: ") != std::string::npos;
}

bool has_xmp(const Exiv2::XmpData& x, const char* key) {
  auto it = x.findKey(Exiv2::XmpKey(key));
  return it != x.end() && !trim(it->toString()).empty();
}

// Descriptions cameras fill in by themselves are not captions anyone wrote.
bool real_caption(std::string v) {
  v = lower(trim(v));
  for (const char* junk : {"", "olympus digital camera", "sony dsc", "default", "image", "lg digital camera",
                           "digital camera", "samsung digital camera", "minolta digital camera"})
    if (v == junk) return false;
  return v.find_first_not_of(' ') != std::string::npos;
}

void erase_prefix(Exiv2::ExifData& e, std::string_view prefix) {
  for (auto it = e.begin(); it != e.end();) {
    if (it->key().compare(0, prefix.size(), prefix) == 0) it = e.erase(it);
    else ++it;
  }
}

void set_xmp_text(Exiv2::XmpData& x, const char* key, const std::string& v) {
  Exiv2::XmpKey k(key);
  auto it = x.findKey(k);
  if (it != x.end()) x.erase(it);
  Exiv2::XmpTextValue val(v);
  x.add(k, &val);
}

void set_xmp_bag(Exiv2::XmpData& x, const char* key, const std::vector<std::string>& items) {
  Exiv2::XmpKey k(key);
  auto it = x.findKey(k);
  if (it != x.end()) x.erase(it);
  Exiv2::XmpArrayValue val(Exiv2::xmpBag);
  for (const std::string& s : items) val.read(s);
  x.add(k, &val);
}

// The XMP every output carries: the caption, people, albums and platforms, and (when `date` or
// `gps`) the date and position in XMP's own form, which is what readers of sidecars look at.
void put_xmp(Exiv2::XmpData& x, const PhotoMeta& m, bool date, bool gps, bool caption) {
  if (date && m.taken) {
    set_xmp_text(x, "Xmp.exif.DateTimeOriginal", xmp_date(*m.taken));
    set_xmp_text(x, "Xmp.xmp.CreateDate", xmp_date(*m.taken));
    set_xmp_text(x, "Xmp.photoshop.DateCreated", xmp_date(*m.taken));
  }
  if (gps && m.lat && m.lon) {
    set_xmp_text(x, "Xmp.exif.GPSVersionID", "2.3.0.0");
    set_xmp_text(x, "Xmp.exif.GPSLatitude", xmp_coordinate(*m.lat, 'N', 'S'));
    set_xmp_text(x, "Xmp.exif.GPSLongitude", xmp_coordinate(*m.lon, 'E', 'W'));
    if (m.altitude) {
      set_xmp_text(x, "Xmp.exif.GPSAltitude", exif_altitude(*m.altitude));
      set_xmp_text(x, "Xmp.exif.GPSAltitudeRef", *m.altitude < 0 ? "1" : "0");
    }
  }
  if (caption && !m.caption.empty()) {
    Exiv2::XmpKey k("Xmp.dc.description");
    auto it = x.findKey(k);
    if (it != x.end()) x.erase(it);
    Exiv2::LangAltValue v;
    v.value_["x-default"] = m.caption;
    x.add(k, &v);
  }
  if (!m.people.empty()) set_xmp_bag(x, "Xmp.iptcExt.PersonInImage", m.people);
  if (!m.albums.empty()) set_xmp_text(x, "Xmp.xmpDM.album", join(m.albums, "; "));
  if (!m.platforms.empty()) set_xmp_text(x, "Xmp.dc.source", join(m.platforms, ", "));
}

// What the camera (or an earlier program) wrote, and so stays unless the platform is preferred.
CameraKept camera_kept(const Exiv2::ExifData& e, const Exiv2::XmpData& x, bool prefer_platform) {
  CameraKept kept;
  if (prefer_platform) return kept;
  kept.date = has_text(e, "Exif.Photo.DateTimeOriginal") || has_xmp(x, "Xmp.exif.DateTimeOriginal");
  kept.gps = has_text(e, "Exif.GPSInfo.GPSLatitude") || has_xmp(x, "Xmp.exif.GPSLatitude");
  if (auto it = e.findKey(Exiv2::ExifKey("Exif.Image.ImageDescription")); it != e.end()) kept.caption = real_caption(it->toString());
  if (auto it = x.findKey(Exiv2::XmpKey("Xmp.dc.description")); it != x.end()) kept.caption = kept.caption || real_caption(it->toString(0));
  return kept;
}

}  // namespace

CameraKept camera_exif(std::string_view tiff, bool prefer_platform) {
  init_exiv2();
  Exiv2::ExifData e;
  try {
    Exiv2::ExifParser::decode(e, reinterpret_cast<const Exiv2::byte*>(tiff.data()), static_cast<uint32_t>(tiff.size()));
  } catch (const Exiv2::AnyError&) {
    return {};  // unreadable Exif: nothing the camera said can be told, so nothing is kept
  }
  return camera_kept(e, Exiv2::XmpData(), prefer_platform);
}

bool can_embed(std::string_view mime) {
  return mime == "image/jpeg" || mime == "image/png" || mime == "image/tiff" || mime == "image/webp";
}

CameraKept embed_metadata(std::string& bytes, const PhotoMeta& m, bool prefer_platform, const std::string& where) {
  init_exiv2();
  CameraKept kept;
  try {
    Exiv2::Image::AutoPtr img =
        Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()), static_cast<long>(bytes.size()));
    img->readMetadata();
    Exiv2::ExifData& e = img->exifData();
    Exiv2::XmpData& x = img->xmpData();
    kept = camera_kept(e, x, prefer_platform);
    bool date = m.taken && !kept.date, gps = m.lat && m.lon && !kept.gps, caption = !m.caption.empty() && !kept.caption;
    if (date) {
      e["Exif.Photo.DateTimeOriginal"] = exif_date(*m.taken);
      e["Exif.Photo.DateTimeDigitized"] = exif_date(*m.taken);
      e["Exif.Photo.OffsetTimeOriginal"] = std::string("+00:00");
      e["Exif.Photo.OffsetTimeDigitized"] = std::string("+00:00");
    }
    if (gps) {
      erase_prefix(e, "Exif.GPSInfo.");  // no camera altitude or direction left beside another position
      e["Exif.GPSInfo.GPSVersionID"] = std::string("2 3 0 0");
      e["Exif.GPSInfo.GPSLatitudeRef"] = std::string(*m.lat < 0 ? "S" : "N");
      e["Exif.GPSInfo.GPSLatitude"] = exif_dms(*m.lat);
      e["Exif.GPSInfo.GPSLongitudeRef"] = std::string(*m.lon < 0 ? "W" : "E");
      e["Exif.GPSInfo.GPSLongitude"] = exif_dms(*m.lon);
      if (m.altitude) {
        Exiv2::DataValue ref(Exiv2::unsignedByte);
        ref.read(*m.altitude < 0 ? "1" : "0");
        e["Exif.GPSInfo.GPSAltitudeRef"] = ref;
        e["Exif.GPSInfo.GPSAltitude"] = exif_altitude(*m.altitude);
      }
      e["Exif.GPSInfo.GPSMapDatum"] = std::string("WGS-84");
    }
    if (caption) e["Exif.Image.ImageDescription"] = m.caption;
    put_xmp(x, m, date, gps, caption);
    img->writeMetadata();
    // The new file is in exiv2's memory buffer: copied out once, straight from it.
    Exiv2::BasicIo& io = img->io();
    if (io.open() != 0) throw Error(where, "exiv2 could not read back what it wrote");
    const Exiv2::byte* data = io.mmap(false);
    bytes.assign(reinterpret_cast<const char*>(data), static_cast<size_t>(io.size()));
    io.munmap();
    io.close();
  } catch (const Exiv2::AnyError& err) {
    throw Error(where, std::string("cannot write metadata: ") + err.what());
  }
  return kept;
}

std::string xmp_sidecar(const PhotoMeta& m, const CameraKept& kept) {
  init_exiv2();
  Exiv2::XmpData x;
  put_xmp(x, m, !kept.date, !kept.gps, !kept.caption);
  std::string packet;
  if (Exiv2::XmpParser::encode(packet, x, Exiv2::XmpParser::useCompactFormat | Exiv2::XmpParser::omitPacketWrapper) != 0)
    throw Error("xmp", "exiv2 could not encode an XMP sidecar");
  return packet;
}

}  // namespace dataport

#pragma GCC diagnostic pop
