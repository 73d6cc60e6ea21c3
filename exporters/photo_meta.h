#pragma once
// Writing what the records know about a photo or video into the file itself (Exif and XMP, with
// exiv2), or into an XMP sidecar for formats exiv2 cannot write. Pixels are never touched: exiv2
// rewrites only the metadata segments and copies the image data as it is.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/time.h"

namespace dataport {

/// What the records say about one photo or video (every field optional).
struct PhotoMeta {
  std::optional<Timestamp> taken;            ///< when it was taken, UTC
  std::optional<double> lat, lon, altitude;  ///< WGS 84 degrees, metres
  std::string caption;
  std::vector<std::string> people, albums, platforms;
};

/// Which of the record's values a file already held from the camera, and so kept.
struct CameraKept {
  bool date = false, gps = false, caption = false;
};

/// True when exiv2 can write Exif and XMP into files of this MIME type (JPEG, PNG, TIFF, WebP).
bool can_embed(std::string_view mime);
/// Writes `m` into the image held in `bytes` (replaced by the new bytes). Values the camera
/// wrote stay unless `prefer_platform`. Throws Error (naming `where`) when exiv2 cannot read it.
CameraKept embed_metadata(std::string& bytes, const PhotoMeta& m, bool prefer_platform, const std::string& where);
/// Which of the record's values the camera already wrote into Exif given as TIFF bytes (a HEIC's
/// Exif item, which exiv2 0.27 cannot find by itself); nothing when `prefer_platform`.
CameraKept camera_exif(std::string_view tiff, bool prefer_platform);
/// An XMP sidecar (`NAME.xmp`; `NAME.EXT.xmp` beside a file of its stem) holding `m`, for formats
/// exiv2 cannot write into; without the values the file keeps from its camera (`kept`), which
/// the sidecar must not contradict.
std::string xmp_sidecar(const PhotoMeta& m, const CameraKept& kept = {});

}  // namespace dataport
