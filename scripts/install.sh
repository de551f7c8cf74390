#!/usr/bin/env bash
# Installs the C library like any system library:
#   PREFIX/include/wangshi.h
#   LIBDIR/libwangshi.so.MAJOR.MINOR.PATCH  (SONAME libwangshi.so.MAJOR)
#   LIBDIR/libwangshi.so.MAJOR -> libwangshi.so.MAJOR.MINOR.PATCH
#   LIBDIR/libwangshi.so       -> libwangshi.so.MAJOR   (for -lwangshi)
#   LIBDIR/libwangshi.a
#   LIBDIR/pkgconfig/wangshi.pc
#
# Usage: scripts/install.sh [--profile release|debug] [--no-build] [--libdir DIR] PREFIX
#   --profile   the cargo profile to build and install (default: release)
#   --no-build  install what target/<profile> already holds
#   --libdir    where the libraries go (default: PREFIX/lib; e.g.
#               PREFIX/lib/x86_64-linux-gnu on Debian)
#   DESTDIR     (environment) staged install for packagers: files go to
#               DESTDIR/PREFIX/..., the .pc file names PREFIX.
# Then: pkg-config --cflags --libs wangshi (with PKG_CONFIG_PATH=LIBDIR/pkgconfig
# unless LIBDIR is a system one), and run ldconfig after installing as root into
# a directory of the system's library path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

profile=release build=1 prefix="" libdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=${2:?--profile needs release or debug}; shift 2 ;;
    --no-build) build=0; shift ;;
    --libdir) libdir=${2:?--libdir needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$prefix" ] || { echo "install.sh: one PREFIX only" >&2; exit 2; }; prefix=$1; shift ;;
  esac
done
[ -n "$prefix" ] || { echo "usage: scripts/install.sh [--profile release|debug] [--no-build] [--libdir DIR] PREFIX" >&2; exit 2; }
case "$profile" in release|debug) ;; *) echo "install.sh: --profile is release or debug" >&2; exit 2 ;; esac
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
libdir=${libdir:-$prefix/lib}
case "$libdir" in /*) ;; *) libdir="$(pwd)/$libdir" ;; esac

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")
major=${version%%.*}
if [ "$build" = 1 ]; then
  flag=(); [ "$profile" = release ] && flag=(--release)
  (cd "$root" && cargo build "${flag[@]}" -p wangshi-ffi)
fi
built="$root/target/$profile"
for f in libwangshi.so libwangshi.a; do
  [ -f "$built/$f" ] || { echo "install.sh: $built/$f is missing (build it, or drop --no-build)" >&2; exit 1; }
done
soname=$(readelf -d "$built/libwangshi.so" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libwangshi.so.$major" ]; then
  echo "install.sh: $built/libwangshi.so has SONAME '${soname}', expected libwangshi.so.$major" >&2
  exit 1
fi

# The native libraries a static link needs (`rustc --print native-static-libs`
# of this target), for Libs.private and `pkg-config --static`.
static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl"

dest=${DESTDIR:-}
install -d "$dest$prefix/include" "$dest$libdir/pkgconfig"
install -m 644 "$root/include/wangshi.h" "$dest$prefix/include/wangshi.h"
install -m 755 "$built/libwangshi.so" "$dest$libdir/libwangshi.so.$version"
ln -sfn "libwangshi.so.$version" "$dest$libdir/libwangshi.so.$major"
ln -sfn "libwangshi.so.$major" "$dest$libdir/libwangshi.so"
install -m 644 "$built/libwangshi.a" "$dest$libdir/libwangshi.a"
sed -e "s|@PREFIX@|$prefix|" -e "s|@LIBDIR@|$libdir|" -e "s|@VERSION@|$version|" \
  -e "s|@STATIC_LIBS@|$static_libs|" "$root/ffi/wangshi.pc.in" >"$dest$libdir/pkgconfig/wangshi.pc"
chmod 644 "$dest$libdir/pkgconfig/wangshi.pc"
echo "installed libwangshi $version ($profile) into $dest$prefix (libraries in $dest$libdir)"
