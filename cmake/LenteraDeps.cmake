# lt_require_pkg(PREFIX MODULE DEBIAN_PACKAGES): find a pkg-config module as an imported
# target PkgConfig::PREFIX, or stop with the Debian package(s) that provide it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found. Install it: sudo apt-get install pkg-config "
                      "(or run scripts/install-deps.sh)")
endif()

function(lt_require_pkg prefix module debian)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${prefix}_FOUND)
    message(FATAL_ERROR "Missing dependency '${module}'. Install the Debian package(s): "
                        "sudo apt-get install ${debian}   (or run scripts/install-deps.sh)")
  endif()
endfunction()
