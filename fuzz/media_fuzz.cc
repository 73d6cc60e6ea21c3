// The ISO media box readers of the photo exporter (exporters/quicktime.cc) on a file holding the
// input: find_quicktime_dates (MP4, MOV, 3GP), then write_quicktime_dates into what it found, and
// heif_exif (HEIC, AVIF). Checked beyond crashes: every date field lies inside the file; writing
// changes those bytes only, never the size; the file written reads back with the same fields and
// the time written as the camera's; an Exif item is never larger than the file's bytes allow.

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <set>
#include <string>

#include "exporters/quicktime.h"
#include "fuzz/fuzz.h"

using namespace dataport;

namespace {

std::string read_all(int fd, size_t size) {
  std::string out(size, '\0');
  if (::pread(fd, out.data(), size, 0) != static_cast<ssize_t>(size)) fuzz::finding("cannot read the scratch file back");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::string path = fuzz::scratch() + "/media";
  if (!fuzz::write_file(path, bytes)) return 0;
  int fd = ::open(path.c_str(), O_RDWR);
  if (fd < 0) return 0;
  const auto n = static_cast<int64_t>(size);

  (void)heif_exif(fd, n);

  QuickTimeDates d = find_quicktime_dates(fd, n);
  if (!d.problem.empty() && !d.fields.empty()) fuzz::finding("find_quicktime_dates kept fields beside a problem");
  if (d.problem.empty() && d.fields.empty()) fuzz::finding("find_quicktime_dates found no field and no problem");
  std::set<int64_t> changed;
  for (const QuickTimeDates::Field& f : d.fields) {
    if (f.width != 4 && f.width != 8) fuzz::finding("a date field of width " + std::to_string(f.width));
    if (f.offset < 0 || f.offset + f.width > n) fuzz::finding("a date field outside the file");
    for (int i = 0; i < f.width; ++i) changed.insert(f.offset + i);
  }
  if (!d.fields.empty()) {
    const int64_t when = 1700000000;  // 2023-11-14, within 32-bit atoms
    std::string why = write_quicktime_dates(fd, d, when);
    if (!why.empty()) fuzz::finding("write_quicktime_dates failed: " + why);
    std::string after = read_all(fd, size);
    for (size_t i = 0; i < size; ++i)
      if (after[i] != bytes[i] && !changed.count(static_cast<int64_t>(i)))
        fuzz::finding("write_quicktime_dates changed byte " + std::to_string(i) + ", outside every date field");
    QuickTimeDates again = find_quicktime_dates(fd, n);
    if (!again.problem.empty() || again.fields.size() != d.fields.size())
      fuzz::finding("the file written no longer reads the same: " + again.problem);
    if (again.camera != when) fuzz::finding("the time written does not read back as the camera's");
  }
  ::close(fd);
  return 0;
}
