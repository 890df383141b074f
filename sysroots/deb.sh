# How the release becomes Debian packages (./build.sh dist): uni_VERSION_amd64.deb installs the
# release tree under /opt/uni without its libraries and links the drivers into /usr/bin; each
# library is its own uni-lib-NAME .deb into /opt/uni/sysroot. No maintainer scripts, since dpkg
# itself creates and removes every file. Sourced by build.sh; needs: dist_meson_out, OUT.

DEB_PREFIX=/opt/uni
# What the drivers run (wrappers/): gcc (uni-cc's backend; its libgcc.a is linked into images),
# binutils (ld for uni-ld, ar/nm/strip/objcopy behind their wrappers, addr2line for uni-run's
# crash lines), pkgconf (behind uni-pkg-config), qemu-system-x86 (uni-run --accel kvm|tcg),
# passt (user networking of the process platform, and of VMs with --user-net passt), xz-utils
# (uni-pkg's archives). g++ only for uni-c++, gdb only for uni-run --gdb.
DEB_DEPENDS="gcc, binutils, pkgconf | pkg-config, qemu-system-x86, passt, xz-utils"
DEB_RECOMMENDS="g++"
DEB_SUGGESTS="gdb"
# Packages of the runtime itself, which stay in uni: lwIP is linked into every image with sockets.
DEB_BASE_PACKAGES="lwip"

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
 $DEB_PREFIX (drivers, sysroot with musl and the runtime, CMake and Meson
 toolchain files, docs, licenses); the drivers are linked into /usr/bin. The
 libraries (zlib, libpng, OpenBLAS, darknet, libstdc++ ...) are the uni-lib-*
 packages.
EOF
}

# deb_build STAGE FILE: DEBIAN/md5sums of STAGE's files, then the .deb (control already there).
deb_build() {
	(cd "$1" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
		xargs -d '\n' md5sum) >"$1/DEBIAN/md5sums"
	dpkg-deb --root-owner-group -Zxz --build "$1" "$2"
}

# manifest_field MANIFEST FIELD: one field of a uni-pkg manifest (the file lines: "HASH PATH").
manifest_field() {
	sed -n "s/^$2 //p" "$1"
}

# deb_library_control MANIFEST UNI_VERSION INSTALLED_KIB: the control file of uni-lib-NAME, whose
# version is the library's plus the release's, and which needs uni of the same release and the
# libraries it was built against, of the versions it was built against.
deb_library_control() {
	local m=$1 d dv deps="uni (= $2)"
	for d in $(manifest_field "$m" deps); do
		dv=$(manifest_field "${m%/*}/$d.manifest" version)
		deps="$deps, uni-lib-$d (= $dv+uni$2)"
	done
	cat <<EOF
Package: uni-lib-$(manifest_field "$m" name)
Version: $(manifest_field "$m" version)+uni$2
Architecture: amd64
Maintainer: ${UNI_DEB_MAINTAINER:-uni maintainers <uni@invalid>}
Installed-Size: $3
Depends: $deps
Section: devel
Priority: optional
Description: $(manifest_field "$m" name) for uni images ($(manifest_field "$m" license))
 $(manifest_field "$m" source), built for x86_64-uni-linux-musl by uni's recipe
 (static library, headers, pkg-config and licence files) into $DEB_PREFIX/sysroot,
 where uni-pkg-config and uni-pkg find it.
EOF
}

# deb_library STAGE UNI_VERSION TREE MANIFEST: moves the library's files and links (those its
# manifest lists, and the manifest) out of the release TREE into STAGE and builds its .deb.
deb_library() {
	local stage=$1 tree=$3 m=$4 f n
	n=$(manifest_field "$m" name)
	rm -rf "$stage"
	mkdir -p "$stage/DEBIAN"
	for f in $(manifest_field "$m" file | cut -d' ' -f2) $(manifest_field "$m" link | cut -d' ' -f2) \
		"usr/share/uni-pkg/installed/$n.manifest"; do
		mkdir -p "$stage$DEB_PREFIX/sysroot/${f%/*}"
		mv "$tree/sysroot/$f" "$stage$DEB_PREFIX/sysroot/$f"
	done
	deb_library_control "$m" "$2" "$(du -sk --exclude=DEBIAN "$stage" | cut -f1)" >"$stage/DEBIAN/control"
	deb_build "$stage" "$OUT/.dist.new/uni-lib-${n}_$(manifest_field "$m" version | sed 's/^[0-9]*://')+uni$2_amd64.deb"
}

# dist_deb STAGE VERSION TREE: builds out/.dist.new/uni_VERSION_amd64.deb from the release TREE,
# and a uni-lib-NAME .deb for each library in it; prints how many libraries.
dist_deb() {
	local stage=$1 version=$2 m n count=0
	rm -rf "$stage"
	mkdir -p "$stage${DEB_PREFIX%/*}" "$stage/DEBIAN"
	cp -a "$3" "$stage$DEB_PREFIX"
	dist_meson_out "$stage$DEB_PREFIX/toolchains" "$DEB_PREFIX"
	# A copy: the libraries' controls name their dependencies' versions from manifests the loop moves.
	cp -a "$stage$DEB_PREFIX/sysroot/usr/share/uni-pkg/installed" "$stage.manifests"
	for m in "$stage.manifests"/*.manifest; do
		n=$(manifest_field "$m" name)
		case " $DEB_BASE_PACKAGES " in *" $n "*) continue ;; esac
		[ "$(manifest_field "$m" essential)" != yes ] || continue   # musl, the runtime: uni itself
		deb_library "$stage.lib" "$version" "$stage$DEB_PREFIX" "$m" >&2
		count=$((count + 1))
	done
	rm -rf "$stage.lib" "$stage.manifests"
	find "$stage$DEB_PREFIX/sysroot" -depth -type d -empty -delete
	deb_links "$stage"
	deb_control "$version" "$(du -sk --exclude=DEBIAN "$stage" | cut -f1)" >"$stage/DEBIAN/control"
	deb_build "$stage" "$OUT/.dist.new/uni_${version}_amd64.deb" >&2
	echo "$count"
}
