#pragma once
// The taken time of a video, written into the ISO media (MP4, MOV, 3GP) file itself: the creation
// and modification times of the movie header (mvhd) and of each track's tkhd and mdhd, which are
// what exiftool (QuickTime:CreateDate), Immich, Apple Photos and Google Photos read. They are
// patched in place, width for width: no atom grows, no chunk offset moves, no sample changes.
// And the camera's Exif in a HEIF image, which exiv2 0.27 cannot reach, so that an XMP sidecar
// does not contradict what the camera wrote.

#include <cstdint>
#include <string>
#include <vector>

namespace dataport {

/// The date fields of one ISO media file, found by walking its atoms.
struct QuickTimeDates {
  struct Field {
    int64_t offset;  ///< absolute position in the file
    int width;       ///< 4 (version 0 atoms) or 8 (version 1)
  };
  std::vector<Field> fields;  ///< creation and modification time of mvhd, every tkhd and mdhd
  int64_t camera = 0;         ///< mvhd's creation time already there (Unix seconds), 0 when unset
  std::string problem;        ///< why nothing can be written ("" when `fields` is usable)
};

/// Walks the top-level atoms of the open file `fd` of `size` bytes (reading only atom headers and
/// the moov atom, at most 64 MB) and finds where its dates are. Never throws for bad input: a
/// file whose atoms do not add up gets a `problem`.
QuickTimeDates find_quicktime_dates(int fd, int64_t size);

/// The Exif a camera wrote into a HEIF image (HEIC, AVIF): the bytes of its "Exif" item from the
/// TIFF header on, found through the meta atom's iinf and iloc (reading only those and the item),
/// or "" when there is none or the atoms do not add up. Never throws for bad input.
std::string heif_exif(int fd, int64_t size);

/// Writes `unix_seconds` (UTC, as ISO/IEC 14496-12 says) into every field of `d`, in the open
/// file `fd`. Returns "" or why it could not (a time a 32-bit field cannot hold, a write error).
std::string write_quicktime_dates(int fd, const QuickTimeDates& d, int64_t unix_seconds);

}  // namespace dataport
