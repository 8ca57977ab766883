# Sanitizer builds (docs/sanitizers.md). -DMAMMOLENS_SANITIZE=address,undefined instruments every
# target defined after this module is included (all of ours); the value is passed to -fsanitize=
# as it is. Third-party libraries (Qt, LibTorch, DCMTK, OpenCV, VTK) come from Debian and are not
# instrumented: ASan still sees their heap through its malloc/new interposition, UBSan sees
# nothing inside them.
set(MAMMOLENS_SANITIZE "" CACHE STRING
    "Sanitizers for all our targets, as -fsanitize= takes them (address,undefined); empty: none")

if(MAMMOLENS_SANITIZE)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        message(FATAL_ERROR "MAMMOLENS_SANITIZE needs GCC or Clang")
    endif()
    message(STATUS "MammoLens: sanitizers ${MAMMOLENS_SANITIZE}")
    add_compile_options(
        -fsanitize=${MAMMOLENS_SANITIZE}
        # ASan's fast unwinder walks frame pointers: without them reports (and the allocation
        # stacks of leaks) stop one or two frames in, often before reaching our code.
        -fno-omit-frame-pointer
        # UBSan only prints and carries on by default; a test run must fail on a finding, so every
        # check aborts the process (ASan never recovers anyway).
        -fno-sanitize-recover=all)
    # The link needs the flag too: it pulls in libasan/libubsan (first in the library order, as
    # ASan requires).
    add_link_options(-fsanitize=${MAMMOLENS_SANITIZE})
endif()

# mammolens_add_test_programs_target(<name> <dir>...) - one target building every executable
# defined under the given directories (the test programs of the configured areas), so that a build
# dir that only runs tests (build-asan) need not build the workstation, ui/ or the packaging.
function(mammolens_add_test_programs_target name)
    set(programs)
    set(dirs ${ARGN})
    while(dirs)
        list(POP_FRONT dirs dir)
        get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
        foreach(target IN LISTS targets)
            get_target_property(type ${target} TYPE)
            if(type STREQUAL "EXECUTABLE")
                list(APPEND programs ${target})
            endif()
        endforeach()
        get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
        list(APPEND dirs ${subdirs})
    endwhile()
    add_custom_target(${name})
    if(programs)
        add_dependencies(${name} ${programs})
    endif()
endfunction()
