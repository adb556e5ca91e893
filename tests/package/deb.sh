#!/usr/bin/env bash
# The Debian package, as an IT admin meets it: a Release build configured for /usr is packed
# with CPack; lintian, desktop-file-validate and appstreamcli check it; the installed files
# hold no path of this machine's build; a copy installed under another prefix still finds its
# video module and translations (relocatable); then `apt-get install ./lentera_*.deb`, the
# programs run from /usr/bin (check and build a course, import it, a headless journey), and
# `apt-get remove` leaves nothing of it. Needs root (CI runs as root); skips otherwise.
# Usage: tests/package/deb.sh SOURCE_DIR
set -u
src=$(realpath "$1")
[ "$(id -u)" = 0 ] || { echo "package: skipped (installing a .deb needs root)"; exit 0; }
. "$(dirname "$0")/../lib.sh" || exit 2
version=$(sed -n 's/^project(lentera VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

b=$tmp/build
cmake -S "$src" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr >"$tmp/cmake.log" 2>&1 ||
  { cat "$tmp/cmake.log"; exit 1; }
nice cmake --build "$b" -j "$(nproc)" --target lentera-pack lentera-player lentera-video \
  lentera-player-translations lentera-icons lentera-docs -- --no-print-directory >"$tmp/build.log" 2>&1 ||
  { tail -30 "$tmp/build.log"; exit 1; }
(cd "$b" && cpack -G DEB >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$b/lentera_${version}_amd64.deb
[ -f "$deb" ] && ok || { bad "no $(basename "$deb"): $(ls "$b"/*.deb 2>/dev/null)"; exit 1; }
echo "  ($(basename "$deb"): $(du -k "$deb" | cut -f1) KiB)"

# what is inside, where the FHS puts it
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/files"
for f in /usr/bin/lentera-pack /usr/bin/lentera-player /usr/lib/x86_64-linux-gnu/lentera/liblentera-video.so \
  /usr/share/locale/en/LC_MESSAGES/lentera.mo /usr/share/applications/id.lentera.Player.desktop \
  /usr/share/metainfo/id.lentera.Player.metainfo.xml /usr/share/icons/hicolor/scalable/apps/id.lentera.Player.svg \
  /usr/share/icons/hicolor/48x48/apps/id.lentera.Player.png /usr/share/icons/hicolor/256x256/apps/id.lentera.Player.png \
  /usr/share/man/man1/lentera-pack.1.gz /usr/share/man/man1/lentera-player.1.gz \
  /usr/share/mime/packages/lentera-pack.xml /usr/share/lentera/schema/manifest.xsd; do
  grep -qx "$f" "$tmp/files" && ok || bad "the package lacks $f"
done
dpkg-deb -f "$deb" Depends >"$tmp/depends"
has "$tmp/depends" "libsdl2" "Depends from dpkg-shlibdeps"
has "$tmp/depends" "libavcodec" "Depends names the video module's libraries"

# others' checkers
mkdir "$tmp/x" && dpkg-deb -x "$deb" "$tmp/x"
desktop-file-validate "$tmp/x/usr/share/applications/id.lentera.Player.desktop" >"$tmp/dfv" 2>&1
is "$?:$(cat "$tmp/dfv")" "0:" "desktop-file-validate"
appstreamcli validate --no-net --explain "$tmp/x/usr/share/metainfo/id.lentera.Player.metainfo.xml" >"$tmp/as" 2>&1 &&
  ok || { bad "appstreamcli validate"; cat "$tmp/as"; }
# lintian: every tag left is one explained in docs/PACKAGING.md
lintian --no-tag-display-limit "$deb" >"$tmp/lintian" 2>&1
unexplained=$(grep -E '^[EW]: ' "$tmp/lintian" | awk '{print $3}' | sort -u | while read -r tag; do
  grep -q -- "\`$tag\`" "$src/docs/PACKAGING.md" || echo "$tag"; done)
is "$unexplained" "" "lintian tags not explained in docs/PACKAGING.md"
echo "  (lintian: $(grep -cE '^[EW]: ' "$tmp/lintian") errors/warnings, each explained in docs/PACKAGING.md)"

# no path of this build inside: not the source folder, not the build folder
for f in usr/bin/lentera-pack usr/bin/lentera-player usr/lib/x86_64-linux-gnu/lentera/liblentera-video.so; do
  n=$(strings "$tmp/x/$f" | grep -c -e "$src" -e "$b")
  is "$n" 0 "build paths inside $f"
done

# relocatable: the same files under another prefix find their module and catalogue
cp -r "$src/tests/fixtures/course/mini" "$tmp/c"
ffmpeg -v error -y -f lavfi -i testsrc=size=320x240:rate=10:duration=2 -f lavfi -i sine=duration=2 \
  -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac "$tmp/c/media/klip.mp4"
printf -- '---\nkind: lesson\ntitle: Video\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video\n\n![Klip](media/klip.mp4)\n' >"$tmp/c/video.md"
sed -i 's/^items: \[/items: [video.md, /' "$tmp/c/course.md"
mv "$tmp/x" "$tmp/elsewhere"
"$tmp/elsewhere/usr/bin/lentera-pack" check "$tmp/c" >"$tmp/out" 2>&1
is "$?" 0 "a moved lentera-pack checks a course with a video"
mkdir -m 700 "$tmp/d" && printf '[player]\nlanguage=en\n' >"$tmp/d/lentera.conf" && chmod 600 "$tmp/d/lentera.conf"
printf 'expect "your name to start"\nquit\n' >"$tmp/en.txt"
SDL_VIDEODRIVER=dummy "$tmp/elsewhere/usr/bin/lentera-player" --data-dir "$tmp/d" --headless --script "$tmp/en.txt" >"$tmp/out" 2>&1
is "$?" 0 "a moved lentera-player speaks English from its own catalogue: $(tail -3 "$tmp/out")"

# installed the way IT installs it, run from /usr/bin, removed
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$deb" >"$tmp/apt" 2>&1 || { bad "apt-get install"; tail "$tmp/apt"; }
is "$(command -v lentera-pack)" /usr/bin/lentera-pack "lentera-pack on the PATH"
is "$(dpkg-query -W -f='${Version}' lentera)" "$version" "installed version"
man -w lentera-player >/dev/null 2>&1 && ok || bad "man lentera-player"
lentera-pack keygen -W -p k.pub -s k.key >/dev/null && lentera-pack build c -s k.key -o c.lentera >"$tmp/out" 2>&1
is "$?" 0 "/usr/bin/lentera-pack build: $(tail -2 "$tmp/out")"
rm -rf d2 && lentera-player --data-dir d2 --trust k.pub >/dev/null 2>&1 && lentera-player --data-dir d2 --import c.lentera >"$tmp/out" 2>&1
is "$?" 0 "/usr/bin/lentera-player --import: $(tail -2 "$tmp/out")"
title=$(sed -n 's/^title: //p' c/course.md | head -1)
{ cat "$src/tests/player/newcomer.txt"; printf 'click "%s"\nexpect "Video"\nquit\n' "$title"; } >j.txt
SDL_VIDEODRIVER=dummy lentera-player --data-dir d2 --headless --script j.txt >"$tmp/out" 2>&1
is "$?" 0 "headless journey from /usr/bin: $(tail -3 "$tmp/out")"
apt-get -o DPkg::Lock::Timeout=300 remove -y -qq lentera >"$tmp/apt" 2>&1 || { bad "apt-get remove"; tail "$tmp/apt"; }
left=$(while read -r f; do [ -f "$f" ] && echo "$f"; done <"$tmp/files")
is "$left" "" "files left after apt-get remove"
finish package
