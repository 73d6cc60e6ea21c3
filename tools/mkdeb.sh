#!/usr/bin/env bash
# Builds BUILD/dataport_VERSION_ARCH.deb from an existing build: the stripped binary, gzipped man
# pages, the bash/zsh/fish completions and the schema files under /usr, and Depends computed by
# dpkg-shlibdeps from the libraries the binary links. Usage: tools/mkdeb.sh [BUILD]
set -euo pipefail
BUILD=$(realpath "${1:-build}")
SRC=$(cd "$(dirname "$0")/.." && pwd)
version=$("$BUILD/dataport" --version | awk '{ print $2 }')
arch=$(dpkg --print-architecture)
work="$BUILD/deb"
root="$work/root"
rm -rf "$work"
mkdir -p "$root"
DESTDIR="$root" cmake --install "$BUILD" --prefix /usr --strip >/dev/null
gzip -9n "$root"/usr/share/man/man1/*.1 "$root"/usr/share/man/man7/*.7
mkdir -p "$root/usr/share/doc/dataport"
cp "$SRC/README.md" "$root/usr/share/doc/dataport/README.md"
# dpkg-shlibdeps reads debian/control of a source package: give it a minimal one.
mkdir -p "$work/src/debian"
printf 'Source: dataport\n\nPackage: dataport\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/dataport" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "mkdeb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk "$root/usr" | awk '{ print $1 }')
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: dataport
Version: $version
Architecture: $arch
Maintainer: dataport developers <dataport@invalid>
Installed-Size: $size
Depends: $depends
Section: utils
Priority: optional
Homepage: https://dataport.invalid
Description: turn platform data exports into open, portable, verifiable data
 dataport reads the data exports of Facebook, Instagram, Google Takeout, LinkedIn, X,
 Mastodon, TikTok, ChatGPT, Reddit, Bluesky, WhatsApp, Claude, Telegram, Spotify, Discord and Snapchat into one documented SQLite record model, and writes
 them out as signed BagIt bundles, vCard, iCalendar, GPX, GeoJSON, mbox, Mastodon
 imports, JSON Resume and W3C verifiable credentials. It never uses the network.
CONTROL
out="$BUILD/dataport_${version}_${arch}.deb"
fakeroot dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null 2>&1 || dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
