# outcopy-lib.sh: copy_built_out DIR: a copy of out/ that ./build.sh (UNI_OUT=DIR) takes as built:
# drivers, sysroot, toolchain files, stamps, the drivers', tools' and runtime's objects (so their
# make steps have nothing to do) and the staging trees of the toolchain's essential packages; no
# packages/, logs/ or test-logs/.
copy_built_out() {
	local d
	mkdir -p "$1/build"
	for d in bin libexec sysroot toolchains stamps; do
		cp -a "$UNI_OUT/$d" "$1/" || return 1
	done
	for d in wrappers tools kernel runtime linux-microvm; do
		[ ! -d "$UNI_OUT/build/$d" ] || cp -a "$UNI_OUT/build/$d" "$1/build/" || return 1
	done
	if [ -d "$UNI_OUT/build/musl/staging" ]; then
		mkdir -p "$1/build/musl" && cp -a "$UNI_OUT/build/musl/staging" "$1/build/musl/" || return 1
	fi
}

# strip_packages DIR [KEEP...]: takes every installed library package but the KEEP ones out of the
# copy DIR (files, manifest, stamp), as if it had never been built there. The toolchain's own
# (essential) packages stay.
strip_packages() {
	local d=$1 m n
	shift
	for m in "$d"/sysroot/usr/share/uni-pkg/installed/*.manifest; do
		[ -f "$m" ] || continue
		! grep -qx 'essential yes' "$m" || continue
		n=$(basename "$m" .manifest)
		case " $* " in *" $n "*) continue ;; esac
		awk '$1 == "file" || $1 == "link" { print $3 }' "$m" | (cd "$d/sysroot" && xargs -r rm -f) || return 1
		rm -f "$m" "$d/stamps/pkg-$n"
	done
}
