# `cpack -G DEB` in the build folder: a .deb with the executables (and the CLI's helpers in libexec), the desktop entry, the icon and
# the bundled demo prices. Runtime dependencies are computed from the binaries (dpkg-shlibdeps).
install(FILES ${PROJECT_SOURCE_DIR}/resources/tearsheet.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/tearsheet.svg DESTINATION share/icons/hicolor/scalable/apps)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/demo/ DESTINATION share/tearsheet/demo)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tearsheet)
set(CPACK_PACKAGE_VENDOR "Tearsheet")
set(CPACK_PACKAGE_CONTACT "Tearsheet developers <dev@tearsheet.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Portfolio and strategy performance analysis (desktop app and CLI)")
set(CPACK_PACKAGE_DESCRIPTION
    "QuantStats-compatible metrics, drawdowns, rolling and calendar statistics, HTML/PDF tearsheets,\n"
    "market data from several providers into a local SQLite cache, a desktop app, a batch CLI and an\n"
    "HTTP server mode.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is loaded on the first download (core/net/curl_library.h), so shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, libcurl4 (>= 7.74)")
set(CPACK_STRIP_FILES ON)
include(CPack)
