# How the x86_64 sysroot (out/sysroot) is assembled: musl's headers, crt files and libc.a
# (packages/musl), the runtime's libuni.a and image.ld (kernel/, installed by its own Makefile
# into usr/lib/uni/), and later other recipes' static libraries and .pc files.
# Sourced by build.sh; needs: die, OUT.
#
# Each recipe owns the files it staged, listed in out/stamps/<name>.files (paths relative to
# the sysroot). Installing a recipe builds a new sysroot next to the old one (a copy without
# the recipe's previous files, plus its staging tree) and swaps it in with renames, so a failed
# or interrupted install leaves out/sysroot as it was.

# sysroot_install NAME STAGING: puts STAGING's tree into out/sysroot as NAME's files.
sysroot_install() {
	local owner="$1" staging="$2" sysroot="$OUT/sysroot" f
	local new="$OUT/.sysroot.new" old="$OUT/.sysroot.old" manifest="$OUT/stamps/$1.files"
	rm -rf "$new" "$old"
	if [ -d "$sysroot" ]; then cp -a "$sysroot" "$new"; else mkdir -p "$new"; fi
	if [ -f "$manifest" ]; then
		while IFS= read -r f; do rm -f "$new/$f"; done <"$manifest"
	fi
	(cd "$staging" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$manifest.new"
	cp -a "$staging/." "$new/" ||
		die "$owner" "copying the staged files into the new sysroot failed" "check free space in $OUT"
	if [ -d "$sysroot" ]; then mv "$sysroot" "$old"; fi
	mv "$new" "$sysroot"
	mv "$manifest.new" "$manifest"
	rm -rf "$old"
}

# sysroot_has NAME: true when every file NAME installed is still in out/sysroot.
sysroot_has() {
	local f
	[ -s "$OUT/stamps/$1.files" ] || return 1
	while IFS= read -r f; do
		[ -e "$OUT/sysroot/$f" ] || [ -L "$OUT/sysroot/$f" ] || return 1
	done <"$OUT/stamps/$1.files"
}
