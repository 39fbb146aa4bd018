# Install layout (a desktop application under any prefix) and the Debian package (cpack -G DEB).
#   bin/glassbox, bin/glassbox-cli                      (app/*/CMakeLists.txt)
#   share/glassbox/models/<name>/                        the default models; found from the executable
#                                                        as ../share/glassbox/models (core/paths.cpp)
#   share/applications/org.glassbox.Glassbox.desktop    menu entry, Education;Science, opens sessions (%f)
#   share/mime/packages/org.glassbox.Glassbox.xml       application/x-glassbox-session = *.glassbox.json
#   share/icons/hicolor/{scalable,NxN}/apps/             SVG and PNGs (rendered at build time, app/gui)
#   share/metainfo/org.glassbox.Glassbox.metainfo.xml   AppStream
#   share/man/man1/glassbox.1, glassbox-cli.1            kept in sync with --help (tests/install)
# The UI's resources (icons, welcome prompt) are compiled into the program (ui/CMakeLists.txt).
include(GNUInstallDirs)
set(GLASSBOX_APP_ID org.glassbox.Glassbox)
set(GLASSBOX_LICENSE "MIT" CACHE STRING "SPDX licence of the package (AppStream project_license, Debian copyright)")
set(GLASSBOX_HOMEPAGE "https://github.com/glassbox-edu/glassbox" CACHE STRING "Project homepage")
set(GLASSBOX_SCREENSHOT_BASE "${GLASSBOX_HOMEPAGE}/raw/main/docs/screenshots" CACHE STRING
    "Where the --export screenshots of the metainfo are published")
set(GLASSBOX_MAINTAINER "Glassbox developers <glassbox@example.org>" CACHE STRING "Debian Maintainer field")

install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/models DESTINATION ${CMAKE_INSTALL_DATADIR}/glassbox)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/man/glassbox.1 ${PROJECT_SOURCE_DIR}/packaging/man/glassbox-cli.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
if(GLASSBOX_BUILD_UI)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/${GLASSBOX_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/${GLASSBOX_APP_ID}.mime.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME ${GLASSBOX_APP_ID}.xml)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/glassbox.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${GLASSBOX_APP_ID}.svg)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/${GLASSBOX_APP_ID}.metainfo.xml.in
                 ${PROJECT_BINARY_DIR}/${GLASSBOX_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${GLASSBOX_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
endif()

set(CPACK_PACKAGE_NAME glassbox)
set(CPACK_PACKAGE_VENDOR "Glassbox")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see how a transformer language model works")
set(CPACK_PACKAGE_CONTACT "${GLASSBOX_MAINTAINER}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY glassbox)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # glassbox_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GLASSBOX_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GLASSBOX_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "see how a transformer language model works
 Glassbox shows the inside of a small transformer language model while it
 runs: tokens, embeddings, attention heads, next-token probabilities and the
 sampler chain. It ships small default models and runs on any x86-64 PC
 (AVX2 kernels are chosen at run time when the CPU has them).
 .
 glassbox-cli tokenizes, generates and traces from a terminal.
 .
 License: ${GLASSBOX_LICENSE}")
include(CPack)
