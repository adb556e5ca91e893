#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, checks formatting, builds
# with -Werror (and coverage counters) and runs every test, runs clang-tidy (zero findings),
# prints coverage per module, builds, installs, runs and removes the .deb, cross-builds the
# Windows zip and installer and tests them under Wine (the libraries' prefix is built once
# per machine: about 15 minutes the first time), then builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs every test again, then runs each
# libFuzzer target for FUZZ_SECONDS (default 30).
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/install-deps.sh
echo "== npm test tools (tests/xapi, tests/quizbank)"
(cd tests/xapi && npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)
(cd tests/quizbank && npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)
(cd tests/captions && npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)

echo "== clang-format"
clang-format --dry-run --Werror core/*.c core/*.h core/include/lentera/*.h core/win32/*.c core/win32/*.h \
  cli/*.c cli/*.h packer/*.c packer/*.h \
  player/*.c player/*.h tests/bench/*.c tests/fuzz/*.c \
  tests/unit/*.c tests/unit/*.h tests/fault/*.c tests/captions/*.c tests/quizbank/*.c

jobs=$(nproc)
run_suite() { # run_suite BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== build $dir ($*)"
  cmake -S "$root" -B "$dir" -DLT_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" -- --no-print-directory
  echo "== test $dir"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

run_suite build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLT_COVERAGE=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
echo "== clang-tidy (.clang-tidy; scripts/tidy.sh)"
scripts/tidy.sh build-test
echo "== coverage of the first build's tests (scripts/coverage.sh)"
scripts/coverage.sh build-test
echo "== the Debian package (tests/package/deb.sh)"
tests/package/deb.sh "$root"
echo "== Windows: the cross-build (scripts/windows/build.sh), tested under Wine (tests/windows/run.sh)"
win_start=$(date +%s)
scripts/windows/build.sh build-win
version=$(sed -n 's/^project(lentera VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
tests/windows/run.sh build-win "dist/lentera-$version-win64" build-test
echo "Windows: built and tested in $(($(date +%s) - win_start)) s"
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DLT_SANITIZE=ON
echo "== fuzzing (${FUZZ_SECONDS:-30} s per parser)"
tests/fuzz/run.sh
echo "All tests passed in both builds, and the fuzzers found nothing."
