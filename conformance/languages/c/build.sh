#!/bin/sh
# `sh build.sh`, in a C port's build folder: build ./port. A port with a CMakeLists.txt (its own,
# or the tree's shared docker/c/ one, as NATS by Example builds its C ports) is built with CMake
# as that tree's recipe does (`mkdir build && cd build && cmake .. && make`), and the executable
# its add_executable names is copied to ./port. Any other is built with make (its Makefile makes
# ./port). nats.c is the one installed here (Debian's libnats-dev); that tree's recipe builds the
# latest release from source instead (install-nats-c.sh), which nbe never runs.
set -eu
if [ ! -f CMakeLists.txt ]; then
    exec make
fi
name=$(sed -nE 's/^[[:space:]]*add_executable[[:space:]]*\([[:space:]]*([^[:space:])]+).*/\1/p' CMakeLists.txt | head -n 1)
if [ -z "$name" ]; then
    echo "CMakeLists.txt adds no executable (add_executable)" >&2
    exit 1
fi
mkdir -p build
(cd build && cmake .. && make)
cp "build/$name" port
