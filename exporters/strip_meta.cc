// Media under a sharing policy (exporters/minimise.h): what a photo says besides its pixels.
// Exif GPS and camera/lens serial numbers are what issue 18 names; maker notes hold serials too
// (Canon, Nikon, Sony...), XMP and IPTC carry names of people shown, owners and places, and the
// photos exporter writes people and places into XMP itself: all of those go. What stays is what
// a viewer needs to show the picture right: orientation, colour space, size, exposure settings.

// exiv2 0.27's handles are std::auto_ptr, deprecated since C++11 (as in photo_meta.cc).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>

#include <mutex>

#include "exporters/minimise.h"
#include "lib/error.h"

namespace dataport {

std::optional<std::string> strip_photo_metadata(const std::string& bytes, std::string_view mime, const std::string& where) {
  if (mime != "image/jpeg" && mime != "image/png" && mime != "image/tiff" && mime != "image/webp") return std::nullopt;
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize();
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
  });
  static const char* keep[] = {"Exif.Image.Orientation", "Exif.Image.XResolution", "Exif.Image.YResolution",
                               "Exif.Image.ResolutionUnit", "Exif.Photo.ColorSpace", "Exif.Photo.PixelXDimension",
                               "Exif.Photo.PixelYDimension", "Exif.Photo.ExposureTime", "Exif.Photo.FNumber",
                               "Exif.Photo.ISOSpeedRatings", "Exif.Photo.FocalLength", "Exif.Photo.Flash"};
  try {
    Exiv2::Image::AutoPtr img =
        Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()), static_cast<long>(bytes.size()));
    img->readMetadata();
    Exiv2::ExifData kept;
    for (const char* k : keep) {
      auto it = img->exifData().findKey(Exiv2::ExifKey(k));
      if (it != img->exifData().end()) kept.add(*it);
    }
    img->setExifData(kept);
    img->clearXmpData();
    img->clearXmpPacket();
    img->clearIptcData();
    img->clearComment();
    img->writeMetadata();
    Exiv2::BasicIo& io = img->io();
    if (io.open() != 0) throw Error(where, "exiv2 could not read back what it wrote");
    const Exiv2::byte* data = io.mmap(false);
    std::string out(reinterpret_cast<const char*>(data), static_cast<size_t>(io.size()));
    io.munmap();
    io.close();
    return out;
  } catch (const Exiv2::AnyError&) {
    return std::nullopt;  // not an image exiv2 can rewrite: left out, and counted
  }
}

}  // namespace dataport

#pragma GCC diagnostic pop
