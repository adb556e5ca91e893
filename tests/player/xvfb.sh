#!/usr/bin/env bash
# The player in a real X window, as on a desk: Xvfb with a 1024x768 screen and a window
# manager (openbox, which adds a title bar), driven by xdotool with keys and clicks only.
# The window opens with its whole frame on the screen; a new learner is created by
# keyboard alone (the caret starts in the first field, Enter saves) and lands in the log;
# closing the window (Alt+F4) remembers its size, and the next start uses it.
# Usage: xvfb.sh LENTERA_PLAYER
set -u
player=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2
for t in Xvfb openbox xdotool xprop; do
  command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/install-deps.sh)"; exit 1; }
done
disp=:$((50 + RANDOM % 200))
Xvfb "$disp" -screen 0 1024x768x24 -nolisten tcp >xvfb.log 2>&1 &
xpid=$!
trap 'kill $ppid $wmpid $xpid 2>/dev/null; rm -rf "$tmp"' EXIT
export DISPLAY=$disp SDL_VIDEODRIVER=x11 SDL_FRAMEBUFFER_ACCELERATION=0
for _ in $(seq 50); do xprop -root >/dev/null 2>&1 && break; sleep 0.1; done
openbox >openbox.log 2>&1 &
wmpid=$!
sleep 1
ppid=
start() { # the player, and its window id in $wid
  "$player" --data-dir data >player.log 2>&1 &
  ppid=$!
  wid=$(timeout 20 xdotool search --sync --onlyvisible --class lentera | head -1)
  sleep 1
  [ -n "$wid" ] && xdotool windowactivate --sync "$wid" 2>/dev/null # keys go where a person's would
}
frame() { # prints "x y w h" of the window with its frame, from the window manager
  local ext geo
  ext=$(xprop -id "$wid" _NET_FRAME_EXTENTS | sed 's/.*= //; s/,//g') # left right top bottom
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  set -- $ext
  echo "$((X - $1)) $((Y - $3)) $((WIDTH + $1 + $2)) $((HEIGHT + $3 + $4))"
}
fits() { # fits "x y w h": the whole frame inside the 1024x768 screen
  set -- $1
  [ "$1" -ge 0 ] && [ "$2" -ge 0 ] && [ $(($1 + $3)) -le 1024 ] && [ $(($2 + $4)) -le 768 ]
}
stop() { xdotool key alt+F4; for _ in $(seq 50); do kill -0 $ppid 2>/dev/null || break; sleep 0.1; done; }

start
[ -n "$wid" ] && ok || { bad "no window appeared"; cat player.log; finish xvfb; exit 1; }
f=$(frame)
fits "$f" && ok || bad "the window with its frame ($f) does not fit the 1024x768 screen"
echo "  (first start: the window with its frame is at $f on a 1024x768 screen)"
# a new learner by keyboard alone: Tab to "Tambah peserta baru", Enter, the form's fields
xdotool key Tab Return && sleep 1 # the caret is then in the first field
xdotool type --delay 2 "Sari Dewi"
xdotool key Tab && xdotool type --delay 2 "198705122010012001"
xdotool key Tab && xdotool type --delay 2 "Bidang Pelayanan"
sleep 0.3
xdotool key Return && sleep 1 # Enter in a field saves the form
is "$(sqlite3 data/log.sqlite "SELECT name || '|' || employee_id FROM learner")" "Sari Dewi|198705122010012001" \
  "the learner typed in the real window is in the log"
# a second start while the window is open: not a silent exit, a message in a window
"$player" --data-dir data >second.log 2>&1 &
second=$!
box=
for _ in $(seq 50); do # a window the window manager lists, other than the player's own
  for w in $(xprop -root _NET_CLIENT_LIST | sed 's/.*# //; s/,//g'); do
    [ "$((w))" != "$wid" ] && xprop -id "$w" WM_NAME | grep -q '"Lentera"' && box=$w
  done
  [ -n "$box" ] && break; sleep 0.2
done
[ -n "$box" ] && ok || bad "a second start showed no message window"
[ -n "$box" ] && xdotool windowactivate --sync "$box" 2>/dev/null && xdotool key Return
for _ in $(seq 50); do kill -0 $second 2>/dev/null || break; sleep 0.1; done
kill -0 $second 2>/dev/null && { bad "the second start did not end after its message"; kill $second; } || ok
wait $second; is "$?" 2 "the second start's exit code"
has second.log "Lentera sudah terbuka" "and it says so on stderr too"
xdotool windowactivate --sync "$wid" 2>/dev/null
# made smaller and moved by the window manager, closed with Alt+F4: remembered
xdotool windowsize "$wid" 800 600 && xdotool windowmove "$wid" 40 30 && sleep 0.5
stop
kill -0 $ppid 2>/dev/null && bad "Alt+F4 did not close the player" || ok
is "$(sed -n 's/^width=//p' data/window.ini)x$(sed -n 's/^height=//p' data/window.ini)" 800x600 "size remembered"
start
eval "$(xdotool getwindowgeometry --shell "$wid")"
is "${WIDTH}x$HEIGHT" 800x600 "the next start opens at the remembered size"
fits "$(frame)" && ok || bad "the remembered window ($(frame)) does not fit the screen"
stop
finish xvfb
