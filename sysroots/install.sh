# How the x86_64 sysroot (out/sysroot) is assembled: every file in it belongs to one uni-pkg
# package and enters through `uni-pkg install`, the one path into the sysroot. The libraries are
# recipes' packages (packages/lib/packages.sh); the toolchain's own parts are "essential"
# packages made here from a staging tree: musl (packages/musl), uni-runtime (kernel/'s libuni.a
# and image.ld), linux-microvm (the platform's /init and Debian's kernel). `uni-pkg list` shows
# them all; `uni-pkg verify` checks every file and that each has exactly one owner.
# Sourced by build.sh; needs: die_log, stamp_*, step_*, pkg_toolchain_version, OUT, ROOT.

# tree_hash DIR: a hash of DIR's file names, contents and links.
tree_hash() {
	(cd "$1" && { find . -type f -exec sha256sum {} +; find . -type l -printf 'link %l %p\n'; } | LC_ALL=C sort) |
		sha256sum | cut -d' ' -f1
}

# sysroot_package NAME VERSION LICENSE SOURCE STAGING: makes STAGING's tree the installed
# essential package NAME (uni-pkg create, then install: atomic, and refused if a file belongs to
# another package); nothing to do when that exact tree is installed and intact.
sysroot_package() {
	local n=$1 tv want arch log="$OUT/logs/sysroot-$1.log"
	tv=$(pkg_toolchain_version)
	want=$(echo "$n $2 $tv $(tree_hash "$5")" | sha256sum | cut -d' ' -f1)
	if stamp_ok "sys-$n" "$want" && "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" verify "$n" >/dev/null 2>&1; then
		return 0
	fi
	mkdir -p "$OUT/build/essential"
	arch=$(sh "$ROOT/packages/lib/uni-pkg.sh" create "$5" "$OUT/build/essential" "name=$n" "version=$2" \
		"license=$3" "source=$4" "deps=" "toolchain=$tv" "essential=yes" 2>"$log") ||
		die_log "$n" "writing the package of the toolchain's $n failed" "$log"
	"$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" install "$arch" >>"$log" 2>&1 ||
		die_log "$n" "installing $n into out/sysroot failed (the sysroot is unchanged)" "$log"
	rm -f "$arch"
	stamp_write "sys-$n" "$want"
}
