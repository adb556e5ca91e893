# lt_target_defaults(TARGET): the warning set and sanitizer flags every Lentera target uses.
function(lt_target_defaults target)
  # C11 without GNU extensions, plus POSIX.1-2008 (open flags, strdup, fsync…)
  target_compile_definitions(${target} PRIVATE _DEFAULT_SOURCE)
  if(WIN32) # the POSIX calls the code makes, on Windows (core/win32/posix.h)
    target_compile_options(${target} PRIVATE -include ${PROJECT_SOURCE_DIR}/core/win32/posix.h)
    # mingw-w64's C99 printf (%zu, %lld), not the system's msvcrt one
    target_compile_definitions(${target} PRIVATE __USE_MINGW_ANSI_STDIO=1)
  endif()
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wcast-qual -Wformat=2)
  # a released build holds no path of the machine it was built on (tests/package/deb.sh)
  target_compile_options(${target} PRIVATE
    $<$<CONFIG:Release>:-ffile-prefix-map=${PROJECT_SOURCE_DIR}/=>
    $<$<CONFIG:Release>:-ffile-prefix-map=${CMAKE_BINARY_DIR}/=>)
  if(LT_COVERAGE)
    target_compile_options(${target} PRIVATE --coverage)
    target_link_options(${target} PRIVATE --coverage)
  endif()
  if(LT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(LT_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -g)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(LT_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
