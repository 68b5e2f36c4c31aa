# Debian packages of hailong, made by CPack's DEB generator (packaging/README.md). Included at the
# end of the top-level CMakeLists.txt, after the programs' own install() rules, which put
# hailong-server and hailong-admin in component `server` and hailong-kiosk in component `kiosk`.
#
#   hailong-server   /usr/bin/hailong-server, /usr/bin/hailong-admin, hailong-server.service, its
#                    arguments in /etc/default/hailong-server (a conffile), the system user
#                    `hailong` and /var/lib/hailong (made by postinst)
#   hailong-kiosk    /usr/bin/hailong-kiosk, /usr/share/hailong/kiosk.example.json,
#                    hailong-kiosk.service (cage on tty1) and its ExecStop helper in
#                    /usr/libexec/hailong, the system user `hailong-kiosk` and
#                    /var/lib/hailong-kiosk (made by postinst)
#
# Build them with `bash scripts/package.sh`. Library dependencies come from the binaries
# (dpkg-shlibdeps); what the programs need but do not link (fonts, the Mesa drivers SDL loads,
# the compositor) is listed below. The language catalogues are compiled into the programs
# (cmake/HailongEmbed.cmake), so no package carries them as files.

set(HAILONG_PACKAGE_MAINTAINER "hailong maintainers <maintainers@hailong.invalid>" CACHE STRING
  "Maintainer field of the Debian packages")
set(HAILONG_PACKAGE_RELEASE "1" CACHE STRING "Debian revision of the packages (the part after the dash)")

set(_pkg "${CMAKE_CURRENT_LIST_DIR}")

# Files under /etc and /lib/systemd are absolute destinations: they are where Debian 12 looks,
# whatever the install prefix (/usr in the packages).
if(HAILONG_BUILD_SERVER)
  install(FILES "${_pkg}/server/hailong-server.service" DESTINATION /lib/systemd/system COMPONENT server)
  install(FILES "${_pkg}/server/hailong-server.default" DESTINATION /etc/default
    RENAME hailong-server COMPONENT server)
  install(FILES "${_pkg}/server/README.Debian" DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/hailong-server COMPONENT server)
endif()
if(HAILONG_BUILD_KIOSK)
  install(FILES "${_pkg}/kiosk/hailong-kiosk.service" DESTINATION /lib/systemd/system COMPONENT kiosk)
  install(PROGRAMS "${_pkg}/kiosk/hailong-kiosk-stop" DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/hailong COMPONENT kiosk)
  install(FILES "${_pkg}/kiosk/README.Debian" DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/hailong-kiosk COMPONENT kiosk)
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "hailong")
set(CPACK_PACKAGE_VENDOR "hailong")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${HAILONG_PACKAGE_MAINTAINER}")
# The summary line of each package is the first line of its component's description. An empty
# CPACK_PACKAGE_DESCRIPTION_SUMMARY keeps CPack from putting the project's one line above both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
# Only the two programs' components: the benchmarks and tests install nothing, and nothing else
# may slip into a package unnoticed.
set(CPACK_COMPONENTS_ALL)
if(HAILONG_BUILD_SERVER)
  list(APPEND CPACK_COMPONENTS_ALL server)
endif()
if(HAILONG_BUILD_KIOSK)
  list(APPEND CPACK_COMPONENTS_ALL kiosk)
endif()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # hailong-server_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE "${HAILONG_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "amd64")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HAILONG_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Maintainer scripts and conffiles lists get the permissions dpkg expects (0755 and 0644).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# hailong-server ---------------------------------------------------------------------------------
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME "hailong-server")
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION "net")
# adduser: postinst makes the system user; openssl: the commands of README.Debian that make a
# certificate for a site without one.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "openssl")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "postgresql")
# Descriptions: the first line is the summary; CPack indents the rest and turns an empty line
# into the " ." of a Debian paragraph break.
set(CPACK_COMPONENT_SERVER_DESCRIPTION
  "hailong aggregation server and admin command line
hailong-server gathers citizen-satisfaction ratings from hailong kiosks over
HTTPS and computes the satisfaction indices of Nghị định 61/2018/NĐ-CP and
Thông tư 01/2018/TT-VPCP per department, officer, service and period. It
stores in embedded SQLite (the default, in /var/lib/hailong) or in
PostgreSQL. hailong-admin sets up the organisation, kiosks and users.

The systemd unit hailong-server.service runs the server as the system user
hailong with the arguments in /etc/default/hailong-server.")

# hailong-kiosk ----------------------------------------------------------------------------------
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME "hailong-kiosk")
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION "misc")
# fonts-noto-core: NotoSans-Regular.ttf and NotoSans-Bold.ttf, read from font_dir
# (/usr/share/fonts/truetype/noto by default); the program stops without them.
# Loaded at run time, which shlibdeps cannot see: libgl1 (libGL.so.1, which Dear ImGui's OpenGL
# loader dlopens; without it the kiosk cannot draw), libegl1 and libegl-mesa0 (SDL's EGL, for
# Wayland under cage and for the offscreen driver), libgl1-mesa-dri (Mesa draws on the GPU or in
# software). cage: the compositor hailong-kiosk.service runs the kiosk in; it brings libseat,
# which reaches the display through logind or seatd. xwayland: Debian 12's cage (wlroots 0.15)
# will not start without the Xwayland binary, although the kiosk draws through Wayland.
# adduser: postinst. libqrencode4: the QR code of a complaint's lookup link (dpkg-shlibdeps
# finds it too; named here so that the list says what the kiosk needs).
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
  "fonts-noto-core, libgl1, libegl1, libegl-mesa0, libgl1-mesa-dri, cage, xwayland, adduser, libqrencode4")
# espeak-ng speaks the prompts (speech_command); pulseaudio-utils' pactl finds plugged-in
# headphones (speech_output); libglx-mesa0 lets the kiosk run under X11 too.
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "espeak-ng, pulseaudio-utils, libglx-mesa0")
# cups-client: `lp`, for a receipt printer behind a CUPS queue (receipt_printer.queue); a printer
# on a device file (receipt_printer.device) needs nothing more.
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "cups-client")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION
  "hailong touch-screen rating kiosk
hailong-kiosk is the touch-screen program at a one-stop counter: a citizen
rates the service and the officer in a few taps, in Vietnamese or English,
and may file a complaint and take away a tracking code. Each rating is saved
in a local outbox before the thank-you screen and forwarded to hailong-server
over HTTPS.

The systemd unit hailong-kiosk.service runs it fullscreen in the cage Wayland
compositor on tty1 as the system user hailong-kiosk, with its configuration
in /etc/hailong/kiosk.json.")

# Maintainer scripts and the conffiles list, per package.
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  "${_pkg}/server/conffiles;${_pkg}/server/postinst;${_pkg}/server/prerm;${_pkg}/server/postrm")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  "${_pkg}/kiosk/postinst;${_pkg}/kiosk/prerm;${_pkg}/kiosk/postrm")

include(CPack)
cpack_add_component(server DISPLAY_NAME "hailong-server" DESCRIPTION "${CPACK_COMPONENT_SERVER_DESCRIPTION}")
cpack_add_component(kiosk DISPLAY_NAME "hailong-kiosk" DESCRIPTION "${CPACK_COMPONENT_KIOSK_DESCRIPTION}")
