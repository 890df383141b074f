# How the x86_64 sysroot (out/sysroot) is assembled: every file in it belongs to one uni-pkg
# package and enters through `uni-pkg install`, the one path into the sysroot. The libraries are
# recipes' packages (packages/lib/packages.sh); the toolchain's own parts are "essential"
# packages made here from a staging tree: musl (packages/musl), uni-runtime (kernel/'s libuni.a
# and image.ld), linux-microvm (the platform's /init and Debian's kernel), uni-toolchains (the
# CMake and Meson files, see step_toolchains). `uni-pkg list` shows them all; `uni-pkg verify`
# checks every file and that each has exactly one owner.
# Sourced by build.sh; needs: die_log, stamp_*, step_*, pkg_toolchain_version, dist_version, OUT,
# ROOT.

# tree_hash DIR: a hash of DIR's file names, contents and links.
tree_hash() {
	(cd "$1" && { find . -type f -exec sha256sum {} +; find . -type l -printf 'link %l %p\n'; } | LC_ALL=C sort) |
		sha256sum | cut -d' ' -f1
}

# sysroot_package_want NAME VERSION STAGING: the stamp of NAME's package made from STAGING.
sysroot_package_want() {
	echo "$1 $2 $(pkg_toolchain_version) $(tree_hash "$3")" | sha256sum | cut -d' ' -f1
}

# sysroot_package_ok NAME VERSION STAGING: true when the package of that exact tree is installed
# and intact.
sysroot_package_ok() {
	stamp_ok "sys-$1" "$(sysroot_package_want "$@")" && "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" verify "$1" >/dev/null 2>&1
}

# sysroot_package NAME VERSION LICENSE SOURCE STAGING [KEY=VALUE...]: makes STAGING's tree the
# installed essential package NAME (uni-pkg create, then install: atomic, and refused if a file
# belongs to another package), with the extra manifest lines KEY=VALUE; nothing to do when that
# exact tree is installed and intact.
sysroot_package() {
	local n=$1 v=$2 license=$3 source=$4 s=$5 arch log="$OUT/logs/sysroot-$1.log"
	shift 5
	! sysroot_package_ok "$n" "$v" "$s" || return 0
	mkdir -p "$OUT/build/essential"
	arch=$(sh "$ROOT/packages/lib/uni-pkg.sh" create "$s" "$OUT/build/essential" "name=$n" "version=$v" \
		"license=$license" "source=$source" "deps=" "toolchain=$(pkg_toolchain_version)" "essential=yes" "$@" 2>"$log") ||
		die_log "$n" "writing the package of the toolchain's $n failed" "$log"
	"$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" install "$arch" >>"$log" 2>&1 ||
		die_log "$n" "installing $n into out/sysroot failed (the sysroot is unchanged)" "$log"
	rm -f "$arch"
	stamp_write "sys-$n" "$(sysroot_package_want "$n" "$v" "$s")"
}

# step_toolchains: the CMake toolchain file, the Meson cross files and relocate.sh
# (toolchains/generate.sh) as the essential package uni-toolchains, in the sysroot's
# usr/share/uni/toolchains, and out/toolchains a relative link there, where users and docs find
# them. The main Meson file must name out/ absolutely (Meson 1.0 has no @DIRNAME@), so it is a
# uni-pkg template: install writes out/'s path for its @PREFIX@, and verify checks it is exactly
# that; after out/ moved, follow.c or relocate.sh rewrite it for the new place, which verify
# then accepts, and the reinstall here does the same for a copied out/.
step_toolchains() {
	local s="$OUT/build/toolchains/staging" dir=usr/share/uni/toolchains v templates
	v=$(dist_version)
	rm -rf "$s"
	sh "$ROOT/toolchains/generate.sh" "$s/$dir" >"$OUT/logs/toolchains.log" 2>&1 </dev/null ||
		die_log toolchains "toolchains/generate.sh failed" "$OUT/logs/toolchains.log"
	if sysroot_package_ok uni-toolchains "$v" "$s" && [ "$(readlink "$OUT/toolchains")" = "sysroot/$dir" ]; then
		step_skip toolchains "up to date"
		return
	fi
	step_begin toolchains "sh toolchains/generate.sh, installed as the package uni-toolchains"
	templates=$(cd "$s" && grep -rlF @PREFIX@ "$dir" | LC_ALL=C sort | tr '\n' ' ')
	sysroot_package uni-toolchains "$v" "uni (no licence chosen yet)" "uni $v toolchains/" "$s" "template=${templates% }"
	# An out/ made before the package had a folder here.
	[ -L "$OUT/toolchains" ] || rm -rf "$OUT/toolchains"
	ln -sfn "sysroot/$dir" "$OUT/toolchains"
	step_end done
}
