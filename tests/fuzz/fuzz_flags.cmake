# Included by the top-level CMakeLists.txt when TEARSHEET_FUZZ=ON: every target built with
# coverage for libFuzzer and with ASan + UBSan (UBSan findings abort, so the fuzzer reports them).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TEARSHEET_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
endif()
set(TEARSHEET_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
# -O1 with line tables: quick to build, fast enough to fuzz, readable stacks. run-smoke.sh builds the
# Debug type so that assert() in Result<T> and elsewhere is live too.
target_compile_options(tearsheet_settings INTERFACE -fsanitize=fuzzer-no-link ${TEARSHEET_SANITIZERS}
                       -O1 -gline-tables-only)
target_link_options(tearsheet_settings INTERFACE ${TEARSHEET_SANITIZERS})
