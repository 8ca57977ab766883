#!/usr/bin/env bash
# The package as a user gets it: build it, check its metadata, unpack it, run what it installed.
set -euo pipefail
build=$1
cd "$build"
rm -f mammolens_*.deb
cpack -G DEB > cpack.log 2>&1 || { cat cpack.log; exit 1; }
deb=$(ls mammolens_*.deb | head -n1)
echo "package: $deb"
deps=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $deps"
for lib in libqt6core6 libdcmtk libopencv-core libtorch libvtk9; do
    grep -q "$lib" <<<"$deps" || { echo "FAIL: Depends lacks $lib"; exit 1; }
done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
for f in usr/bin/mammolens usr/bin/mammolens-cli usr/share/applications/mammolens.desktop \
         usr/share/icons/hicolor/scalable/apps/mammolens.svg \
         usr/share/mammolens/selftest/golden.json usr/libexec/mammolens/mammolens-dicom-decoder; do
    [ -e "$root/$f" ] || { echo "FAIL: $f not in package"; exit 1; }
done
out=$("$root/usr/bin/mammolens-cli" --version)
echo "$out"
for name in MammoLens Qt LibTorch DCMTK VTK OpenCV; do
    grep -q "^$name: " <<<"$out" || { echo "FAIL: --version lacks $name"; exit 1; }
done
# The installed self-test passes (its demo exam goes into a throwaway data folder).
out=$(XDG_DATA_HOME="$root/data" HOME="$root" "$root/usr/bin/mammolens-cli" selftest) ||
    { echo "$out"; echo "FAIL: installed selftest"; exit 1; }
grep -q "selftest: PASSED" <<<"$out" || { echo "FAIL: selftest verdict"; exit 1; }
# RLE and JPEG were decoded by the installed helper, not by one left in the build tree.
grep -q "decoded in $root/usr/libexec/mammolens/mammolens-dicom-decoder" <<<"$out" ||
    { echo "$out"; echo "FAIL: the installed DICOM decoder helper was not used"; exit 1; }
echo "packaging_deb: OK"
