# CPack: `cpack -G DEB` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr makes
# lentera_<version>_amd64.deb; its dependencies come from dpkg-shlibdeps. Tested by
# tests/package/deb.sh (install, run from /usr/bin, remove).
set(CPACK_PACKAGE_NAME lentera)
set(CPACK_PACKAGE_VENDOR "Lentera")
# the package's maintainer: each office that builds the package sets its own address
set(LT_DEB_CONTACT "Lentera maintainers <lentera@localhost>" CACHE STRING "Maintainer of the .deb")
set(CPACK_PACKAGE_CONTACT "${LT_DEB_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline training courses for office staff")
set(CPACK_PACKAGE_DESCRIPTION
    "Lentera plays short training courses (lessons, cheat sheets, videos, tests)\n\
offline on shared desk PCs and keeps every answer in a local log, synced later\n\
as xAPI. lentera-pack builds the signed course packs and turns the records\n\
that come back into a report for managers.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, fonts-dejavu-core, fonts-noto-color-emoji")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://lentera.invalid/")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
