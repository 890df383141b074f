# How the release becomes a Debian package (./build.sh dist): uni_VERSION_amd64.deb installs the
# release tree under /opt/uni and links the drivers into /usr/bin; no maintainer scripts, since
# dpkg itself creates and removes every file. Sourced by build.sh; needs: dist_meson_out, OUT.

DEB_PREFIX=/opt/uni
# What the drivers run (wrappers/): gcc (uni-cc's backend; its libgcc.a is linked into images),
# binutils (ld for uni-ld, ar/nm/strip/objcopy behind their wrappers, addr2line for uni-run's
# crash lines), pkgconf (behind uni-pkg-config), qemu-system-x86 (uni-run --accel kvm|tcg),
# passt (user networking of the process platform, and of VMs with --user-net passt), xz-utils
# (uni-pkg's archives). g++ only for uni-c++, gdb only for uni-run --gdb.
DEB_DEPENDS="gcc, binutils, pkgconf | pkg-config, qemu-system-x86, passt, xz-utils"
DEB_RECOMMENDS="g++"
DEB_SUGGESTS="gdb"

# deb_links ROOT: /usr/bin/NAME -> /opt/uni/bin/NAME for every driver in ROOT/opt/uni/bin. The
# drivers find the sysroot from /proc/self/exe, which resolves the link; uni-pkg, a script that
# finds it from $0, is left out (run it as /opt/uni/bin/uni-pkg).
deb_links() {
	local f n
	mkdir -p "$1/usr/bin"
	for f in "$1$DEB_PREFIX"/bin/*; do
		n=${f##*/}
		[ "$n" != uni-pkg ] || continue
		ln -s "$DEB_PREFIX/bin/$n" "$1/usr/bin/$n"
	done
}

deb_control() { # VERSION INSTALLED_KIB
	cat <<EOF
Package: uni
Version: $1
Architecture: amd64
Maintainer: ${UNI_DEB_MAINTAINER:-uni maintainers <uni@invalid>}
Installed-Size: $2
Depends: $DEB_DEPENDS
Recommends: $DEB_RECOMMENDS
Suggests: $DEB_SUGGESTS
Section: devel
Priority: optional
Description: C cross toolchain whose linked output is a unikernel image
 uni-cc, uni-c++ and uni-ld compile and link C and C++ programs against musl
 and a small runtime into one image file that QEMU boots (PVH) and that Linux
 runs as a seccomp-sandboxed process; uni-run runs it. The release is under
 $DEB_PREFIX (drivers, sysroot with its libraries, CMake and Meson toolchain
 files, docs, licenses); the drivers are linked into /usr/bin.
EOF
}

# dist_deb STAGE VERSION TREE: builds out/.dist.new/uni_VERSION_amd64.deb from the release TREE.
dist_deb() {
	local stage=$1 version=$2
	rm -rf "$stage"
	mkdir -p "$stage${DEB_PREFIX%/*}" "$stage/DEBIAN"
	cp -a "$3" "$stage$DEB_PREFIX"
	dist_meson_out "$stage$DEB_PREFIX/toolchains" "$DEB_PREFIX"
	deb_links "$stage"
	(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
		xargs -d '\n' md5sum) >"$stage/DEBIAN/md5sums"
	deb_control "$version" "$(du -sk --exclude=DEBIAN "$stage" | cut -f1)" >"$stage/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz --build "$stage" "$OUT/.dist.new/uni_${version}_amd64.deb"
}
