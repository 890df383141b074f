# How Debian's kernel enters the sysroot for the linux-microvm platform: the binary package that
# linux-image-cloud-amd64 depends on, fetched with apt-get download (apt checks it against the
# signed archive index) and unpacked with dpkg-deb -x, so the host's /boot is never touched.
# Stages usr/lib/uni/linux-microvm/kernel/: vmlinuz, release (uname -r), package (name,
# version, sha256 of the .deb), modules/NN-name.ko (loaded by init in that order), beside the
# platform's /init (wrappers/Makefile's microvm-init); step_microvm_package installs both as the
# essential package linux-microvm (sysroots/install.sh).
# Sourced by build.sh; needs: step_*, stamp_*, inputs_hash, sysroot_package, OUT, CACHE, ROOT.

MICROVM_KERNEL_META=linux-image-cloud-amd64
# virtio-mmio and virtio-net are modules in Debian's kernel; dependencies first.
MICROVM_MODULES="drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_mmio
	net/core/failover drivers/net/net_failover drivers/net/virtio_net"

# Without the kernel only linux-microvm is unavailable: uni-ld and uni-run then say how to get it.
microvm_kernel_unavailable() { # WHY
	step_skip microvm "linux-microvm unavailable: $1 (fix: make apt work, then ./build.sh)"
}

step_microvm_kernel() {
	local dest="$OUT/build/linux-microvm/staging/usr/lib/uni/linux-microvm/kernel" cache="$CACHE/microvm-kernel"
	local work="$OUT/build/microvm-kernel" log="$OUT/logs/microvm.log" pkg ver deb want release m n
	pkg=$(apt-cache depends "$MICROVM_KERNEL_META" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || { microvm_kernel_unavailable "apt knows no $MICROVM_KERNEL_META (run apt-get update)"; return 0; }
	ver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
	release=${pkg#linux-image-}
	want=$(echo "$pkg $ver" | inputs_hash "$ROOT/sysroots/microvm-kernel.sh")
	if stamp_ok microvm-kernel "$want" && [ -f "$dest/vmlinuz" ]; then
		step_skip microvm "Debian kernel $release ($ver): up to date"
		return 0
	fi
	step_begin microvm "Debian kernel $release ($ver): apt-get download, dpkg-deb -x (log: out/logs/microvm.log)"
	deb="$cache/${pkg}_${ver}_amd64.deb"
	mkdir -p "$cache"
	if [ ! -f "$deb" ] && ! (cd "$cache" && apt-get download "$pkg=$ver") >"$log" 2>&1 </dev/null; then
		step_end "not downloaded"
		microvm_kernel_unavailable "apt-get download $pkg=$ver failed (see $log)"
		return 0
	fi
	rm -rf "$work" "$dest.new"
	mkdir -p "$work" "$dest.new/modules"
	dpkg-deb -x "$deb" "$work" >>"$log" 2>&1 || die_log microvm "dpkg-deb -x $deb failed" "$log"
	cp "$work/boot/vmlinuz-$release" "$dest.new/vmlinuz" ||
		die microvm "$deb holds no boot/vmlinuz-$release" "remove $deb and run ./build.sh again"
	n=10
	for m in $MICROVM_MODULES; do
		cp "$work/lib/modules/$release/kernel/$m.ko" "$dest.new/modules/$n-${m##*/}.ko" ||
			die microvm "$deb holds no module $m.ko" "check MICROVM_MODULES in sysroots/microvm-kernel.sh against the package"
		n=$((n + 10))
	done
	echo "$release" >"$dest.new/release"
	echo "$pkg $ver sha256:$(sha256sum <"$deb" | cut -d' ' -f1)" >"$dest.new/package"
	rm -rf "$dest" "$work"
	mv "$dest.new" "$dest"
	stamp_write microvm-kernel "$want"
	step_end "staged"
}

# The package linux-microvm: the /init, and Debian's kernel when step_microvm_kernel got it.
step_microvm_package() {
	local s="$OUT/build/linux-microvm/staging" k
	k=$(cat "$s/usr/lib/uni/linux-microvm/kernel/package" 2>/dev/null || echo "no kernel")
	sysroot_package linux-microvm "$(dist_version)" "uni's /init; GPL-2 (Debian's kernel)" \
		"uni $(dist_version) wrappers/run/microvm-init; Debian $k" "$s"
}
