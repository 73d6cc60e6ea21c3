#!/usr/bin/env bash
# `make deb`: builds the package from this build, checks what it holds, installs it with dpkg
# into an empty root, and runs the installed program: --version and one ingest.
# Usage: deb.sh path/to/dataport BUILD_DIR (exit 77 = skipped: no dpkg-deb)
set -u
DP=$(realpath "$1")
BUILD=$(realpath "$2")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || { echo "skipped: no dpkg-deb"; exit 77; }
deb=$(bash "$SRC/tools/mkdeb.sh" "$BUILD"); expect_eq "mkdeb exit" 0 $?
version=$("$DP" --version | awk '{ print $2 }')
expect_eq "package name" "$BUILD/dataport_${version}_$(dpkg --print-architecture).deb" "$deb"
list=$(dpkg-deb -c "$deb")
for f in ./usr/bin/dataport ./usr/share/man/man1/dataport.1.gz ./usr/share/man/man1/dataport-ingest.1.gz \
         ./usr/share/bash-completion/completions/dataport ./usr/share/zsh/vendor-completions/_dataport \
         ./usr/share/fish/vendor_completions.d/dataport.fish ./usr/share/dataport/record.schema.json \
         ./usr/share/man/man7/dataport-policy.7.gz ./usr/share/dataport/policies/donation-minimal.json; do
  expect_contains "package holds $f" " $f" "$list"
done
expect_contains "files owned by root" "root/root" "$(printf "%s\n" "$list" | head -1)"
info=$(dpkg-deb -f "$deb" Package Version Architecture Depends)
for lib in libarchive libsqlite3 libssl libsimdjson libgumbo libc6 libstdc++; do
  expect_contains "Depends names $lib" "$lib" "$info"
done
# Every dependency is a package this system knows (apt could resolve it on bookworm).
for p in $(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | awk '{ print $1 }'); do
  dpkg-query -W "$p" >/dev/null 2>&1 && ok || bad "Depends names $p, which dpkg does not know"
done
# Install into an empty root with dpkg itself (its own database there; dependencies are the host's).
root="$T/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-not-root --force-depends --force-script-chrootless --log=/dev/null -i "$deb" >"$T/dpkg.out" 2>&1
expect_eq "dpkg -i into a clean root" 0 $?
expect_contains "dpkg knows it installed" "install ok installed" "$(dpkg --root="$root" -s dataport 2>&1)"
bin="$root/usr/bin/dataport"
[ -x "$bin" ] && ok || bad "no installed binary"
case "$(file -b "$bin")" in *"not stripped"*) bad "the installed binary is not stripped" ;; *) ok ;; esac
expect_eq "installed --version" "dataport $version" "$("$bin" --version)"
bsdtar -a -cf "$T/linkedin.zip" -C "$SRC/samples/linkedin" .
"$bin" -q --db "$T/d.db" ingest "$T/linkedin.zip"; expect_eq "installed ingest" 0 $?
n=$("$bin" --db "$T/d.db" query --kind contact | wc -l)
[ "$n" -gt 5 ] && ok || bad "installed ingest found $n contacts"
# make install (DESTDIR) installs the same stripped binary and the completions.
DESTDIR="$T/dest" cmake --install "$BUILD" --prefix /usr --strip >/dev/null; expect_eq "DESTDIR install" 0 $?
case "$(file -b "$T/dest/usr/bin/dataport")" in *"not stripped"*) bad "make install: not stripped" ;; *) ok ;; esac
[ -f "$T/dest/usr/share/bash-completion/completions/dataport" ] && ok || bad "make install: no bash completion"
rm -rf "$BUILD/deb"
finish
