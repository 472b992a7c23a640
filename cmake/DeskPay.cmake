# Shared build settings for every DeskPay target.

# Strict Qt: no implicit string conversions, no Q_FOREACH, nothing deprecated before 6.4.
set(DESKPAY_QT_DEFINES
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    OPENSSL_API_COMPAT=30000
    OPENSSL_NO_DEPRECATED)

# deskpay_target_defaults(<target>): warnings, defines and include root for one target.
function(deskpay_target_defaults target)
    target_compile_definitions(${target} PRIVATE ${DESKPAY_QT_DEFINES} DESKPAY_VERSION="${PROJECT_VERSION}")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                             -Wnon-virtual-dtor -Wcast-qual)
    if(DESKPAY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# deskpay_add_library(<name> SOURCES ... LIBS ...): a layer library; headers are
# included by their path from the repository root ("models/Money.h").
function(deskpay_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_LIBS})
    deskpay_target_defaults(${name})
endfunction()

# deskpay_add_test(<name> SOURCES ... LIBS ... [LABELS ...] [ENV ...]): one Qt Test
# executable registered with CTest. Tests link the libraries, never the apps.
function(deskpay_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    deskpay_target_defaults(${name})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;DESKPAY_SOURCE_DIR=${PROJECT_SOURCE_DIR};DESKPAY_BINARY_DIR=${PROJECT_BINARY_DIR};${ARG_ENV}")
endfunction()

# deskpay_add_bench(<name> SOURCES ... LIBS ...): a benchmark under tests/bench, run by
# `./dev bench NAME`. Benchmarks print `bench <name> <figure> <value> <unit>` lines and are
# not CTest tests (CI machines are too noisy for timing), but they are built with everything
# else so they never rot.
function(deskpay_add_bench name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(bench_${name} ${ARG_SOURCES})
    target_link_libraries(bench_${name} PRIVATE ${ARG_LIBS})
    deskpay_target_defaults(bench_${name})
    set_target_properties(bench_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
endfunction()

# deskpay_add_tests_from_glob(<prefix> LIBS ...): every test_<Name>.cpp in the current folder
# becomes the Qt Test executable <prefix>_<Name>, linked to LIBS.
function(deskpay_add_tests_from_glob prefix)
    cmake_parse_arguments(ARG "" "" "LIBS;LABELS" ${ARGN})
    file(GLOB test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_*.cpp)
    foreach(src IN LISTS test_sources)
        get_filename_component(stem ${src} NAME_WE)
        string(REGEX REPLACE "^test_" "" stem ${stem})
        deskpay_add_test(${prefix}_${stem} SOURCES ${src} LIBS ${ARG_LIBS} LABELS ${ARG_LABELS})
    endforeach()
endfunction()
