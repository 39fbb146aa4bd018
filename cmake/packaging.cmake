# Install layout (a desktop application under any prefix) and the Debian package (cpack -G DEB).
#   bin/glassbox, bin/glassbox-cli                      (app/*/CMakeLists.txt)
#   share/glassbox/models/<name>/                        the default models; found from the executable
#                                                        as ../share/glassbox/models (core/paths.cpp)
#   share/applications/org.glassbox.Glassbox.desktop    menu entry, Education;Science, opens sessions (%f)
#   share/mime/packages/org.glassbox.Glassbox.xml       application/x-glassbox-session = *.glassbox.json
#   share/icons/hicolor/{scalable,NxN}/apps/             SVG and PNGs (rendered at build time, app/gui)
#   share/metainfo/org.glassbox.Glassbox.metainfo.xml   AppStream
#   share/man/man1/glassbox.1.gz, glassbox-cli.1.gz      kept in sync with --help (tests/install)
#   share/doc/glassbox/copyright                         packaging/copyright.in
# The UI's resources (icons, welcome prompt, lessons, translations) are compiled into the program
# (ui/CMakeLists.txt), so the installed app needs nothing beside its models.
include(GNUInstallDirs)
set(GLASSBOX_APP_ID org.glassbox.Glassbox)
# Publisher's settings. The repository states no licence yet (no LICENSE file, nothing in README), so the
# default says exactly that in SPDX form; whoever publishes the package sets the real one, e.g.
# -DGLASSBOX_LICENSE=GPL-3.0-or-later (the GUI links Debian's libqcustomplot, GPL-3.0-or-later).
# An empty homepage or screenshot base leaves the field out of the .deb and the AppStream file (both
# are optional there) rather than pointing at an address nobody has published.
set(GLASSBOX_LICENSE "LicenseRef-unspecified" CACHE STRING
    "SPDX licence of the package (AppStream project_license, Debian copyright); the repository names none yet")
set(GLASSBOX_HOMEPAGE "" CACHE STRING "Project homepage (Debian Homepage, AppStream url); empty = left out")
set(GLASSBOX_SCREENSHOT_BASE "" CACHE STRING
    "URL of a folder holding the --export pictures logits.png and attention-heads.png for AppStream; empty = no screenshots")
set(GLASSBOX_MAINTAINER "Glassbox developers <dev@glassbox.invalid>" CACHE STRING
    "Debian Maintainer field; the default is the repository's commit identity (.invalid: set a real address to publish)")

# The optional AppStream elements, substituted into the metainfo template.
set(GLASSBOX_METAINFO_URL "")
if(GLASSBOX_HOMEPAGE)
  set(GLASSBOX_METAINFO_URL "<url type=\"homepage\">${GLASSBOX_HOMEPAGE}</url>")
endif()
set(GLASSBOX_METAINFO_SCREENSHOTS "")
if(GLASSBOX_SCREENSHOT_BASE)
  string(CONCAT GLASSBOX_METAINFO_SCREENSHOTS "<screenshots>\n"
    "    <screenshot type=\"default\">\n"
    "      <caption>The next-token probabilities after the sampler chain</caption>\n"
    "      <image type=\"source\">${GLASSBOX_SCREENSHOT_BASE}/logits.png</image>\n"
    "    </screenshot>\n"
    "    <screenshot>\n"
    "      <caption>Attention of every head for a prompt</caption>\n"
    "      <image type=\"source\">${GLASSBOX_SCREENSHOT_BASE}/attention-heads.png</image>\n"
    "    </screenshot>\n"
    "  </screenshots>")
endif()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/models DESTINATION ${CMAKE_INSTALL_DATADIR}/glassbox)
# Man pages installed gzipped (Debian policy 12.1); the sources stay plain roff for check_man_page.
foreach(page glassbox glassbox-cli)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/${page}.1.gz
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/man/${page}.1 ${PROJECT_BINARY_DIR}/man/${page}.1
    COMMAND gzip -9 -n -f ${PROJECT_BINARY_DIR}/man/${page}.1
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/man/${page}.1 VERBATIM)
  list(APPEND glassbox_man_pages ${PROJECT_BINARY_DIR}/man/${page}.1.gz)
endforeach()
add_custom_target(glassbox-man-pages ALL DEPENDS ${glassbox_man_pages})
install(FILES ${glassbox_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
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
# Debian policy: every package carries /usr/share/doc/<package>/copyright.
configure_file(${PROJECT_SOURCE_DIR}/packaging/copyright.in ${PROJECT_BINARY_DIR}/copyright @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/glassbox)

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
if(GLASSBOX_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GLASSBOX_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# CPack writes the summary as the synopsis line and indents these lines (a blank line becomes " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Glassbox shows the inside of a small transformer language model while it
runs: tokens, embeddings, attention heads, next-token probabilities and the
sampler chain, with lessons for a classroom. It ships small default models
and runs on any x86-64 PC (AVX2 kernels are chosen at run time when the CPU
has them).

glassbox-cli tokenizes, generates, embeds and traces from a terminal.")
# Hangul for the Korean interface and emoji tokens (ui/language.cpp font fallbacks); not linked, so
# dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk, fonts-noto-color-emoji")
include(CPack)
