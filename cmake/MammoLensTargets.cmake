# Shared helpers for MammoLens targets.

# Warnings for our own code only; third-party headers come in as SYSTEM through imported targets.
function(mammolens_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()

# mammolens_module(<target> DIR <dir>) - a library made of every .cpp under <dir>, so adding a
# file never means editing a list. Sources under tests/ or bench/ are excluded.
function(mammolens_module target)
    cmake_parse_arguments(ARG "" "DIR" "" ${ARGN})
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${ARG_DIR}/*.cpp ${ARG_DIR}/*.h)
    list(FILTER sources EXCLUDE REGEX "/bench/")
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    mammolens_warnings(${target})
endfunction()

# mammolens_qt_test(<name> SOURCES ... LIBS ... [GUI]) - a Qt Test executable registered with
# CTest. GUI tests run on the offscreen platform unless the environment provides a display.
function(mammolens_qt_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    # Test helpers shared between folders are included as "tests/...".
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_definitions(${name} PRIVATE
        MAMMOLENS_SHARED_DIR="${MAMMOLENS_SHARED_DIR}"
        MAMMOLENS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    mammolens_warnings(${name})
    add_test(NAME ${name} COMMAND ${name})
    # Any test may load an RLE or JPEG DICOM, which is decoded by this helper process.
    if(TARGET mammolens-dicom-decoder)
        add_dependencies(${name} mammolens-dicom-decoder)
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 600)
    endif()
    set(environment "")
    if(MAMMOLENS_SANITIZE)
        # ASan+UBSan run the model and CLI tests 3-5 times slower (docs/sanitizers.md): the same
        # tests, given the time; Qt Test's own per-function watchdog (300 s) follows.
        math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 5")
        math(EXPR function_ms "${ARG_TIMEOUT} * 1000")
        list(APPEND environment "QTEST_FUNCTION_TIMEOUT=${function_ms}")
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
    if(NOT ARG_GUI)
        list(APPEND environment "QT_QPA_PLATFORM=offscreen")
    endif()
    if(environment)
        set_tests_properties(${name} PROPERTIES ENVIRONMENT "${environment}")
    endif()
endfunction()
