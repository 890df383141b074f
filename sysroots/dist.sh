# How a release of out/ is made (./build.sh dist): out/dist/ gets uni-VERSION-x86_64-linux.tar.xz
# (relocatable: unpack anywhere, the drivers find their sysroot relative to themselves), the .deb
# (sysroots/deb.sh), every sysroot library's uni-pkg archive from out/packages/, and SHA256SUMS.
# Sourced by build.sh; needs: step_*, die, OUT, ROOT, CACHE; deb.sh's dist_deb.

DIST_ARCH=x86_64-linux

dist_version() {
	local v
	v=$(sed -n '1{s/^[[:space:]]*//;s/[[:space:]]*$//;p;}' "$ROOT/VERSION" 2>/dev/null)
	# A Debian version (it names the .deb too): a digit first, then letters, digits and .+~-
	case $v in
	[0-9]*) case $v in *[!0-9A-Za-z.+~-]*) v= ;; esac ;;
	*) v= ;;
	esac
	[ -n "$v" ] || die dist "the first line of $ROOT/VERSION is not a version (a digit first, then only letters, digits and .+~-)" \
		"write a version like 0.1 into $ROOT/VERSION"
	echo "$v"
}

# dist_meson_out DIR VALUE: sets the out line of DIR's Meson cross files (the only files in out/
# that hold an absolute path, see toolchains/generate.sh) to VALUE.
dist_meson_out() {
	local f
	for f in "$1"/*.meson; do
		awk -v out="$2" '/^out = '"'"'/ { print "out = '"'"'" out "'"'"'"; next } { print }' "$f" >"$f.tmp"
		mv -f "$f.tmp" "$f"
	done
}

# dist_licenses DEST: the licenses of what a release holds that the sysroot does not already
# carry in usr/share/licenses: musl (libc.a, the headers), Debian's kernel (linux-microvm), uni.
dist_licenses() {
	local dest=$1 deb pkg f
	mkdir -p "$dest/musl" "$dest/linux"
	[ -f "$OUT/build/musl/src/COPYRIGHT" ] ||
		die dist "musl's COPYRIGHT is not in out/build/musl/src (the build tree was removed)" "./build.sh clean && ./build.sh dist"
	cp "$OUT/build/musl/src/COPYRIGHT" "$dest/musl/COPYRIGHT"
	if [ -f "$OUT/sysroot/usr/lib/uni/linux-microvm/kernel/package" ]; then
		read -r pkg _ _ <"$OUT/sysroot/usr/lib/uni/linux-microvm/kernel/package"
		deb=
		for f in "$CACHE"/microvm-kernel/"${pkg}"_*.deb; do [ -f "$f" ] && deb=$f; done
		[ -n "$deb" ] || die dist "the kernel package $pkg is not in $CACHE/microvm-kernel, so its copyright cannot be shipped" \
			"rm -rf $OUT/sysroot/usr/lib/uni/linux-microvm/kernel && ./build.sh dist"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/share/doc/$pkg/copyright" >"$dest/linux/copyright" ||
			die dist "no usr/share/doc/$pkg/copyright in $deb" "check $deb with dpkg-deb -c"
	else
		rmdir "$dest/linux"
	fi
	# uni's own: verb_dist warns when the repository has none.
	if [ -f "$ROOT/LICENSE" ]; then
		mkdir -p "$dest/uni"
		cp "$ROOT/LICENSE" "$dest/uni/LICENSE"
	fi
}

# dist_tree DEST MESON_OUT: what a user of uni needs from out/, laid out as out/ is (bin, libexec,
# sysroot, toolchains) plus share/doc/uni (README.md, docs/) and share/licenses.
dist_tree() {
	local dest=$1
	rm -rf "$dest"
	mkdir -p "$dest/share/doc/uni/docs"
	cp -a "$OUT/bin" "$OUT/libexec" "$OUT/sysroot" "$OUT/toolchains" "$dest/"
	dist_meson_out "$dest/toolchains" "$2"
	cp "$ROOT/README.md" "$dest/share/doc/uni/"
	cp "$ROOT"/docs/*.md "$dest/share/doc/uni/docs/"
	dist_licenses "$dest/share/licenses"
}

# dist_archive STAGE NAME: out/.dist.new/NAME.tar.xz from the tree STAGE/NAME, owned by root.
dist_archive() {
	tar -C "$1" --sort=name --owner=0 --group=0 --numeric-owner -cf - "$2" | xz -T1 -6 >"$OUT/.dist.new/$2.tar.xz"
}

# dist_library_archives DEST: copies the uni-pkg archive of each library installed in
# out/sysroot (named as uni-pkg create names it) into DEST; prints how many. out/packages may
# hold archives of libraries or versions the sysroot no longer has: those are left out.
dist_library_archives() {
	local m n v tc key a count=0
	for m in "$OUT"/sysroot/usr/share/uni-pkg/installed/*.manifest; do
		[ -f "$m" ] || continue
		! grep -qx 'essential yes' "$m" || continue   # musl, the runtime: in the archive itself
		n=$(sed -n 's/^name //p' "$m") v=$(sed -n 's/^version //p' "$m")
		tc=$(sed -n 's/^toolchain //p' "$m") key=$(sed -n 's/^key //p' "$m")
		a=$OUT/packages/$n-$(echo "${v#*:}" | tr ':/' '__')-$tc.tar.xz
		[ -f "$a" ] && [ "$(tar -xJOf "$a" MANIFEST | sed -n 's/^key //p')" = "$key" ] ||
			die dist "out/sysroot has $n $v (key $key) but out/packages has no archive of that build" \
				"./build.sh packages $n (or remove it: ./build.sh pkg remove $n)"
		cp "$a" "$1/"
		count=$((count + 1))
	done
	echo "$count"
}

verb_dist() {
	dist_version >/dev/null
	build_all
	build_packages
	dist_make
}

# dist_tests_selected PATTERN...: true when ./build.sh test runs a test of tests/dist/ (the
# runner's own selection): verb_test then makes the release first.
dist_tests_selected() {
	UNI_OUT=$OUT sh "$ROOT/tests/run.sh" --list "$@" | grep -q '^tests/dist/'
}

# dist_make: the release of out/ as it is (verb_dist fills out/ first); skipped when nothing it
# is made of changed since out/dist was made.
dist_make() {
	local version name stage="$OUT/build/dist" n want debs
	version=$(dist_version)
	name=uni-$version-$DIST_ARCH
	want=$(echo "$version" | inputs_hash "$OUT/bin" "$OUT/libexec" "$OUT/sysroot" \
		"$ROOT/README.md" "$ROOT/docs" "$ROOT/LICENSE" "$ROOT/sysroots/dist.sh" "$ROOT/sysroots/deb.sh")
	if stamp_ok dist "$want" && [ -f "$OUT/dist/SHA256SUMS" ]; then
		# Same content, so newer than out/ again (tests/dist skip a release older than out/).
		touch "$OUT"/dist/*
		step_skip dist "out/dist: $name.tar.xz, uni_${version}_amd64.deb: up to date"
		return
	fi
	rm -rf "$OUT/.dist.new" "$stage"
	mkdir -p "$OUT/.dist.new" "$stage"

	step_begin dist "$name.tar.xz"
	# An unpacked archive's Meson files name no real path until toolchains/relocate.sh runs: a
	# Meson build before it fails naming the fix, instead of using some other uni.
	dist_tree "$stage/$name" "/unrelocated: run toolchains/relocate.sh"
	dist_archive "$stage" "$name"
	step_end "$(du -h "$OUT/.dist.new/$name.tar.xz" | cut -f1)"
	[ -f "$ROOT/LICENSE" ] ||
		step_skip dist "WARNING: the repository has no LICENSE file: the release carries the third-party licenses only"

	step_begin dist "uni_${version}_amd64.deb and a uni-lib-NAME .deb per library (dpkg-deb)" "$OUT/logs/dist-deb.log"
	debs=$(dist_deb "$stage/deb" "$version" "$stage/$name" 2>"$OUT/logs/dist-deb.log") ||
		die_log dist "dpkg-deb could not build the .debs" "$OUT/logs/dist-deb.log"
	step_end "$(du -h "$OUT/.dist.new/uni_${version}_amd64.deb" | cut -f1), $debs libraries"

	n=$(dist_library_archives "$OUT/.dist.new")
	# out/packages' archives are private to their builder; a release's files are for everyone.
	chmod 644 "$OUT"/.dist.new/*
	(cd "$OUT/.dist.new" && LC_ALL=C sha256sum -- *.tar.xz *.deb >SHA256SUMS)
	# Swapped in whole: out/dist never mixes two builds' files.
	rm -rf "$OUT/dist"
	mv "$OUT/.dist.new" "$OUT/dist"
	rm -rf "$stage"
	stamp_write dist "$want"
	step_skip dist "out/dist: $name.tar.xz, uni_${version}_amd64.deb, $debs uni-lib-*.deb, $n library archives, SHA256SUMS"
}
