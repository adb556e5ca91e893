#!/usr/bin/env bash
# Cross-builds the libraries Lentera needs for 64-bit Windows, from Debian 12's own source
# packages, into a prefix kept outside the repository.
#
# Usage: scripts/windows/deps.sh            prints the prefix's path on its last line
#
# How it works: a private apt configuration (its own deb-src list, package lists and cache
# under the cache folder; the system's apt sources are never touched) lets `apt-get source`
# fetch each package at the version pinned below, and apt checks every file's checksum
# against Debian's signed Sources index. Each package is built with mingw-w64 (the posix
# thread model) as a DLL with the fewest features Lentera uses, and installed into the
# prefix (one patch of ours, in patches/). The prefix's name is a hash of this script and of
# the files it reads, so a change of version or of a build option makes a new prefix and an
# unchanged one is reused: CI builds it once per machine. A package that built leaves a stamp; a rerun after a failure
# continues where it stopped. Nothing is fetched from anywhere but Debian's archive.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lentera
key=$(cat "$0" "$here/toolchain.cmake" "$here"/patches/* | sha256sum | cut -c1-12)
prefix=${LT_WIN_PREFIX:-$cache/win64-$key}
src=$cache/win64-src
host=x86_64-w64-mingw32
jobs=$(nproc)

# Debian 12 (bookworm) versions, as its archive had them when this list was written.
# A security update that replaces one: apt-get then says the version is not found; write
# the new one here (the prefix is rebuilt because this file changed).
versions=(
  zlib=1:1.2.13.dfsg-1
  libffi=3.4.4-1
  pcre2=10.42-1
  gettext=0.21-12
  glib2.0=2.74.6-2+deb12u9
  expat=2.5.0-1+deb12u2
  freetype=2.12.1+dfsg-5+deb12u4
  fontconfig=2.14.1-4
  libpng1.6=1.6.39-2+deb12u5
  pixman=0.42.2-1
  harfbuzz=6.0.0+dfsg-3
  fribidi=1.0.8-2.1
  cairo=1.16.0-7
  pango1.0=1.50.12+ds-1
  libsdl2=2.26.5+dfsg-1
  libwebp=1.2.4-0.2+deb12u1
  libsdl2-image=2.6.3+dfsg-1
  libxml2=2.9.14+dfsg-1.3~deb12u6
  cmark-gfm=0.29.0.gfm.6-6
  libarchive=3.6.2-1+deb12u4
  sqlite3=3.40.1-2+deb12u2
  libsodium=1.0.18-1+deb12u1
  libyaml=0.2.5-1
  jansson=2.14-2
  qrencode=4.1.1-1
  curl=7.88.1-10+deb12u15
  openh264=2.3.1+dfsg-3+deb12u2
  dav1d=1.0.0-2+deb12u1
  ffmpeg=7:5.1.9-0+deb12u1
)

log() { printf '\n== %s\n' "$*" >&2; }

# --- the private apt configuration -------------------------------------------------------
apt_dir=$cache/apt
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::State::status=/var/lib/dpkg/status" -o "APT::Sandbox::User=root")
apt_setup() {
  mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  # the same archives the system uses, as deb-src: read from its own sources list
  local uris
  uris=$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}')
  [ -n "$uris" ] || uris="http://deb.debian.org/debian http://deb.debian.org/debian-security"
  : > "$apt_dir/sources/lentera-src.sources"
  for u in $uris; do
    local suites="bookworm bookworm-updates"
    case $u in *security*) suites=bookworm-security ;; esac
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n\n' \
      "$u" "$suites" /usr/share/keyrings/debian-archive-keyring.gpg \
      >> "$apt_dir/sources/lentera-src.sources"
  done
  apt-get "${apt_opts[@]}" -qq update
}

# Fetches and unpacks one source package; prints its folder. apt checks each file it fetches
# against the signed Sources index. When the archive lacks one part (this mirror has answered
# 404 for pixman's .diff.gz), the upstream tarball apt did fetch and check is unpacked alone:
# Debian's packaging changes are then missing, and the log says so.
fetch() {
  local name=$1 ver=$2 dir=$src/$1
  if [ ! -f "$dir/.unpacked" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    if ! (cd "$dir" && apt-get "${apt_opts[@]}" -qq source --only-source "$name=$ver" >&2); then
      local orig
      orig=$(find "$dir" -maxdepth 1 -name '*.orig.tar.*' ! -name '*.asc' | head -1)
      [ -n "$orig" ] || { echo "cannot fetch the source of $name $ver" >&2; return 1; }
      echo "warning: $name: only the upstream tarball could be fetched; building it unpatched" >&2
      mkdir -p "$dir/upstream" && tar -xf "$orig" -C "$dir/upstream"
    fi
    touch "$dir/.unpacked"
  fi
  local top
  top=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ "$(basename "$top")" = upstream ] && top=$(find "$top" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -n "$top" ] || { echo "no source folder for $name in $dir" >&2; return 1; }
  echo "$top"
}

version_of() {
  local v
  for v in "${versions[@]}"; do [ "${v%%=*}" = "$1" ] && { echo "${v#*=}"; return; }; done
  echo "no version for $1" >&2
  exit 1
}

# --- build helpers -----------------------------------------------------------------------
export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig:$prefix/share/pkgconfig
export PKG_CONFIG_PATH=
export CC=$host-gcc-posix CXX=$host-g++-posix AR=$host-ar RANLIB=$host-ranlib
export STRIP=$host-strip WINDRES=$host-windres RC=$host-windres NM=$host-nm DLLTOOL=$host-dlltool
export CPPFLAGS="-I$prefix/include"
export CFLAGS="-O2 -g0" CXXFLAGS="-O2 -g0"
export LDFLAGS="-L$prefix/lib -static-libgcc -static-libstdc++"

# autotools FOLDER ARGS...: configure, make, install. only_dir=D makes and installs D alone;
# libtool_ld=FLAGS adds link flags for libtool only (configure's compiler checks reject them)
autotools() {
  local dir=$1
  shift
  # Debian's tree of some (libsodium, libyaml) is upstream's git layout: no configure yet.
  # In others Debian's patches leave the autotools inputs newer than what was generated
  # from them (cairo, libxml2), so make would rerun automake: the generated files are dated
  # after their inputs again
  if [ -x "$dir/configure" ]; then
    (cd "$dir" && touch aclocal.m4 && sleep 1 && touch configure && { [ ! -f config.h.in ] || touch config.h.in; } &&
      find . -name Makefile.in -exec touch {} +)
  else
    (cd "$dir" && autoreconf -fi >&2)
  fi
  (cd "$dir" && ./configure -q --host=$host --prefix="$prefix" --enable-shared --disable-static \
    "$@" >&2 && make -C "${only_dir:-.}" -s -j"$jobs" ${libtool_ld:+"LDFLAGS=$LDFLAGS $libtool_ld"} >&2 &&
    make -C "${only_dir:-.}" -s install >&2)
}

meson_build() { # source folder, meson options...
  local dir=$1
  shift
  rm -rf "$dir/_w64"
  meson setup "$dir/_w64" "$dir" --cross-file "$prefix/cross.meson" --prefix "$prefix" \
    --libdir lib --buildtype release --default-library shared --wrap-mode nodownload \
    "$@" >&2
  ninja -C "$dir/_w64" >&2
  ninja -C "$dir/_w64" install >&2
}

cmake_build() { # source folder, cmake options...
  local dir=$1
  shift
  rm -rf "$dir/_w64"
  cmake -S "$dir" -B "$dir/_w64" -DCMAKE_TOOLCHAIN_FILE="$here/toolchain.cmake" \
    -DLT_WIN_PREFIX="$prefix" -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=ON "$@" >&2
  cmake --build "$dir/_w64" -j"$jobs" >&2
  cmake --install "$dir/_w64" >&2
}

# --- one function per package ------------------------------------------------------------
b_zlib() {
  # Debian's tarball drops win32/ (its makefile and resource): the DLL is linked by hand
  local f
  mkdir -p "$prefix/lib/pkgconfig" "$prefix/bin" "$prefix/include"
  [ -f "$1/zconf.h" ] || cp "$1/zconf.h.in" "$1/zconf.h"
  (cd "$1" && for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback \
    inffast inflate inftrees trees uncompr zutil; do echo "$f.c"; done |
    xargs $CC $CFLAGS -shared -o "$prefix/bin/zlib1.dll" -Wl,--out-implib,"$prefix/lib/libz.dll.a" \
      -static-libgcc && cp zlib.h zconf.h "$prefix/include/")
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: zlib\nDescription: zlib\nVersion: 1.2.13\nLibs: -L${libdir} -lz\nCflags: -I${includedir}\n' \
    "$prefix" > "$prefix/lib/pkgconfig/zlib.pc"
}
b_libffi() { autotools "$1" --disable-docs --disable-multi-os-directory; }
b_pcre2() { autotools "$1" --disable-pcre2-8-jit --disable-pcre2grep-libz; }
b_gettext() {
  # only the run-time library (libintl) the translations need
  (cd "$1/gettext-runtime" && ./configure -q --host=$host --prefix="$prefix" --enable-shared \
    --disable-static --disable-java --disable-csharp --disable-libasprintf --disable-openmp \
    --disable-curses --without-emacs --without-libiconv-prefix >&2 &&
    make -s -C intl -j"$jobs" >&2 && make -s -C intl install >&2)
}
b_glib2_0() {
  meson_build "$1" -Dtests=false -Dinstalled_tests=false -Dnls=disabled -Dman=false \
    -Dgtk_doc=false -Dlibmount=disabled -Dselinux=disabled -Dxattr=false -Dglib_debug=disabled \
    -Dlibelf=disabled -Dsysprof=disabled
}
b_expat() {
  # Debian's tree is upstream's git layout (no configure). Without DTD support, which
  # fontconfig does not use: Debian's patch tests `#if XML_DTD == 1`, which CMake leaves empty
  cmake_build "$1/expat" -DEXPAT_DTD=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_SHARED_LIBS=ON
}
b_freetype() {
  meson_build "$1" -Dbrotli=disabled -Dbzip2=disabled -Dharfbuzz=disabled -Dpng=disabled \
    -Dzlib=enabled -Dtests=disabled
}
b_fontconfig() {
  meson_build "$1" -Ddoc=disabled -Dtests=disabled -Dtools=disabled -Dcache-build=disabled \
    -Dnls=disabled
}
b_libpng1_6() { autotools "$1" --disable-tools; }
b_pixman() { meson_build "$1" -Dgtk=disabled -Dlibpng=disabled -Dtests=disabled; }
b_harfbuzz() {
  meson_build "$1" -Dglib=enabled -Dfreetype=enabled -Dgobject=disabled -Dcairo=disabled \
    -Dicu=disabled -Dgraphite2=disabled -Dtests=disabled -Ddocs=disabled -Dintrospection=disabled \
    -Dchafa=disabled -Dbenchmark=disabled
}
b_fribidi() { meson_build "$1" -Ddocs=false; }
b_cairo() {
  # its warnings add _FORTIFY_SOURCE, whose checks mingw keeps in libssp (a DLL: libtool links
  # no DLL against a static library)
  # (only src/: not its test suite)
  # one change of ours (patches/): font subsets named as on Linux, so PDFs match byte for byte
  grep -q 'as on LP64' "$1/src/cairo-pdf-surface.c" ||
    patch -s -p1 -d "$1" < "$here/patches/cairo-subset-tag.patch" >&2
  only_dir=src LIBS="-L$(dirname "$($CC -print-libgcc-file-name)") -lssp" autotools "$1" --enable-win32 --enable-win32-font --enable-ft --enable-fc --enable-pdf \
    --enable-png --disable-xlib --disable-xcb --disable-svg --disable-ps --disable-script \
    --disable-interpreter --disable-trace --disable-gtk-doc --disable-full-testing \
    --disable-gobject --disable-valgrind
}
b_pango1_0() {
  meson_build "$1" -Dintrospection=disabled -Dgtk_doc=false -Dinstall-tests=false \
    -Dfontconfig=enabled -Dfreetype=enabled -Dcairo=enabled -Dlibthai=disabled -Dxft=disabled \
    -Dsysprof=disabled
}
b_libsdl2() {
  cmake_build "$1" -DSDL_STATIC=OFF -DSDL_TEST=OFF -DSDL2_DISABLE_SDL2MAIN=OFF
}
b_libwebp() {
  cmake_build "$1" -DWEBP_BUILD_ANIM_UTILS=OFF -DWEBP_BUILD_CWEBP=OFF -DWEBP_BUILD_DWEBP=OFF \
    -DWEBP_BUILD_GIF2WEBP=OFF -DWEBP_BUILD_IMG2WEBP=OFF -DWEBP_BUILD_VWEBP=OFF \
    -DWEBP_BUILD_WEBPINFO=OFF -DWEBP_BUILD_WEBPMUX=OFF -DWEBP_BUILD_EXTRAS=OFF
}
b_libsdl2_image() {
  # PNG, JPEG and GIF through the bundled stb_image, WebP through libwebp
  cmake_build "$1" -DSDL2IMAGE_BACKEND_STB=ON -DSDL2IMAGE_BACKEND_WIC=OFF \
    -DSDL2IMAGE_DEPS_SHARED=OFF -DSDL2IMAGE_VENDORED=OFF -DSDL2IMAGE_SAMPLES=OFF \
    -DSDL2IMAGE_TESTS=OFF -DSDL2IMAGE_AVIF=OFF -DSDL2IMAGE_JXL=OFF -DSDL2IMAGE_TIF=OFF \
    -DSDL2IMAGE_WEBP=ON -DSDL2IMAGE_BMP=ON -DSDL2IMAGE_GIF=ON -DSDL2IMAGE_JPG=ON \
    -DSDL2IMAGE_PNG=ON -DSDL2IMAGE_LBM=OFF -DSDL2IMAGE_PCX=OFF -DSDL2IMAGE_PNM=OFF \
    -DSDL2IMAGE_QOI=OFF -DSDL2IMAGE_SVG=OFF -DSDL2IMAGE_TGA=OFF -DSDL2IMAGE_XCF=OFF \
    -DSDL2IMAGE_XPM=OFF -DSDL2IMAGE_XV=OFF -DSDL2IMAGE_PNG_SAVE=OFF -DSDL2IMAGE_JPG_SAVE=OFF
}
b_libxml2() {
  autotools "$1" --without-python --without-lzma --without-zlib --without-iconv --without-icu \
    --without-http --without-ftp --with-threads
}
b_cmark_gfm() {
  cmake_build "$1" -DCMARK_TESTS=OFF -DCMARK_STATIC=OFF -DCMARK_SHARED=ON
}
b_libarchive() {
  # only what a .lentera (a zip with deflate) needs; configure checks run under Wine
  cmake_build "$1" -DENABLE_OPENSSL=OFF -DENABLE_LZMA=OFF -DENABLE_BZip2=OFF -DENABLE_LZ4=OFF \
    -DENABLE_ZSTD=OFF -DENABLE_LIBXML2=OFF -DENABLE_EXPAT=OFF -DENABLE_LIBB2=OFF \
    -DENABLE_CNG=OFF -DENABLE_ICONV=OFF -DENABLE_TAR=OFF -DENABLE_CPIO=OFF -DENABLE_CAT=OFF \
    -DENABLE_TEST=OFF -DENABLE_ACL=OFF -DENABLE_XATTR=OFF -DENABLE_PCREPOSIX=OFF \
    -DENABLE_LIBGCC=OFF -DENABLE_NETTLE=OFF -DENABLE_MBEDTLS=OFF -DENABLE_ZLIB=ON \
    -DPOSIX_REGEX_LIB=NONE
}
b_sqlite3() {
  # Debian's is the full source tree, whose configure cannot tell the build machine's
  # executables from the target's: the amalgamation (sqlite3.c) is generated here with this
  # machine's gcc and tclsh, then compiled into the DLL
  mkdir -p "$1/_amalg" "$prefix/bin" "$prefix/include" "$prefix/lib/pkgconfig"
  (cd "$1/_amalg" && env -u CC -u CFLAGS -u LDFLAGS -u CPPFLAGS ../configure -q >&2 &&
    make -s sqlite3.c >&2 &&
    $CC -O2 -shared -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_ENABLE_COLUMN_METADATA \
      -DSQLITE_API="__declspec(dllexport)" sqlite3.c -o "$prefix/bin/libsqlite3-0.dll" \
      -Wl,--out-implib,"$prefix/lib/libsqlite3.dll.a" -static-libgcc &&
    cp sqlite3.h sqlite3ext.h "$prefix/include/")
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: SQLite\nDescription: SQL database engine\nVersion: 3.40.1\nLibs: -L${libdir} -lsqlite3\nCflags: -I${includedir}\n' \
    "$prefix" > "$prefix/lib/pkgconfig/sqlite3.pc"
}
b_libsodium() { autotools "$1" --disable-ssp; }
b_libyaml() { autotools "$1"; }
b_jansson() { cmake_build "$1" -DJANSSON_BUILD_DOCS=OFF -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_BUILD_SHARED_LIBS=ON; }
b_qrencode() { autotools "$1" --without-tools; }
b_curl() {
  # HTTPS through Windows' own TLS (Schannel) and certificate store
  autotools "$1" --with-schannel --without-libpsl --without-brotli --without-zstd \
    --without-nghttp2 --without-libidn2 --without-librtmp --without-libssh2 --disable-ldap \
    --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3 \
    --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt --disable-manual \
    --with-zlib="$prefix"
}
b_openh264() {
  make -C "$1" -s OS=mingw_nt ARCH=x86_64 CC="$CC" CXX="$CXX" AR="$AR" PREFIX="$prefix" \
    LDFLAGS="-static-libgcc -static-libstdc++" -j"$jobs" libraries >&2
  make -C "$1" -s OS=mingw_nt ARCH=x86_64 CC="$CC" CXX="$CXX" AR="$AR" PREFIX="$prefix" \
    LDFLAGS="-static-libgcc -static-libstdc++" install-shared >&2
}
b_dav1d() {
  # AV1, which packs may hold in WebM (FFmpeg 5.1 has no AV1 decoder of its own)
  meson_build "$1" -Denable_tools=false -Denable_tests=false -Denable_examples=false
}
b_ffmpeg() {
  # the decoders and demuxers of the videos a pack may hold (MP4: H.264/AAC; WebM:
  # VP8/VP9/AV1 with Vorbis/Opus), those of what trainers bring to --transcode (phones' HEVC,
  # old cameras' AVI with MPEG-4 part 2 or Motion JPEG, Windows' WMV, DVD MPEG-2; their
  # audio), and the encoders of --transcode (OpenH264, FFmpeg's AAC)
  local vdec=h264,vp8,vp9,hevc,mpeg4,msmpeg4v2,msmpeg4v3,wmv1,wmv2,wmv3,vc1,mjpeg,h263
  local adec=aac,mp3,opus,vorbis,mp2,ac3,wmav1,wmav2,flac,alac,pcm_s16le,pcm_s16be,pcm_s24le
  (cd "$1" && ./configure --prefix="$prefix" --target-os=mingw32 --arch=x86_64 \
    --cross-prefix=$host- --cc="$CC" --cxx="$CXX" --enable-shared --disable-static \
    --disable-programs --disable-doc --disable-everything --disable-network --disable-autodetect \
    --disable-debug --enable-w32threads --enable-zlib --enable-libopenh264 --enable-libdav1d \
    --enable-decoder=$vdec,libdav1d,mpeg2video,mpeg1video,$adec,pcm_u8,pcm_f32le \
    --enable-encoder=libopenh264,aac \
    --enable-demuxer=mov,mp3,wav,matroska,ogg,avi,asf,mpegps,mpegts,flac --enable-muxer=mp4,mov \
    --enable-parser=h264,aac,vp8,vp9,av1,opus,vorbis,hevc,mpeg4video,mpegvideo,vc1,mjpeg,ac3,mpegaudio,flac \
    --enable-protocol=file --enable-bsf=h264_mp4toannexb,aac_adtstoasc \
    --enable-filter=scale,aresample,aformat,format,null,anull --enable-swscale \
    --enable-swresample --extra-cflags="-I$prefix/include" --extra-ldflags="-L$prefix/lib" \
    --pkg-config=pkg-config >&2 && make -s -j"$jobs" >&2 && make -s install >&2)
}

# --- main ---------------------------------------------------------------------------------
mkdir -p "$prefix" "$src"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi
start=$(date +%s)
cat > "$prefix/cross.meson" <<EOF
[binaries]
c = '$CC'
cpp = '$CXX'
ar = '$AR'
strip = '$STRIP'
windres = '$WINDRES'
pkgconfig = 'pkg-config'

[properties]
pkg_config_libdir = '$PKG_CONFIG_LIBDIR'
c_args = ['-I$prefix/include', '-O2']
c_link_args = ['-L$prefix/lib', '-static-libgcc']
cpp_link_args = ['-L$prefix/lib', '-static-libgcc', '-static-libstdc++']

[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
EOF
log "fetching Debian's sources (apt checks their checksums)"
apt_setup
declare -A dirs
for v in "${versions[@]}"; do
  dirs[${v%%=*}]=$(fetch "${v%%=*}" "${v#*=}") || exit 1
done
log "fetched in $(($(date +%s) - start)) s"
for v in "${versions[@]}"; do
  name=${v%%=*}
  stamp=$prefix/.built-$name
  [ -f "$stamp" ] && continue
  dir=${dirs[$name]}
  log "building $name ${v#*=} ($(($(date +%s) - start)) s so far)"
  "b_$(echo "$name" | tr '.-' '__')" "$dir"
  touch "$stamp"
done
touch "$prefix/.complete"
log "prefix ready in $(($(date +%s) - start)) s: $(du -sh "$prefix" | cut -f1)"
echo "$prefix"
