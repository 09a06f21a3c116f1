# Every dependency is a Debian package installed by scripts/install-deps.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(LibXml2 REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(ZLIB REQUIRED)
find_package(TBB REQUIRED)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(absl REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# The server: its store (SQLite, WAL) and HTTP/1.1 (cpp-httplib, header-only).
find_package(SQLite3 REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(STORYLINE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STORYLINE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Libraries without CMake or pkg-config files.
function(storyline_find_plain_library target header lib)
  find_path(${target}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${target}_LIBRARY ${lib} REQUIRED)
  add_library(${target} UNKNOWN IMPORTED)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION ${${target}_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${${target}_INCLUDE_DIR})
endfunction()
storyline_find_plain_library(CLD2_CODE cld2/public/compact_lang_det.h cld2)
# Debian's libcld2_full holds only CLD2's full language tables (~160 languages); the detector
# code is in libcld2, which carries the small tables. Linking libcld2_full first, kept even
# under --as-needed, makes its tables override the small ones (text_test checks this).
find_library(CLD2_FULL_LIBRARY cld2_full REQUIRED)
add_library(CLD2 INTERFACE IMPORTED)
target_link_libraries(CLD2 INTERFACE "-Wl,--push-state,--no-as-needed" ${CLD2_FULL_LIBRARY}
                      "-Wl,--pop-state" CLD2_CODE)
storyline_find_plain_library(Stemmer libstemmer.h stemmer)
storyline_find_plain_library(CSV csv.h csv)
