# Helpers for the network tests: boot an image with a forwarded port and wait for it.
# Sourced by tests/net/*.test (bash).
set -u
fail() { echo "FAIL: $*"; [ -f vm.err ] && tail -n 20 vm.err; exit 1; }

# boot_forwarded IMAGE ARGS...: boots IMAGE in the background with -p GUESTPORT (uni-run picks
# the host port), sets VM_PID and PORT once the guest accepts connections there.
GUEST_PORT=${GUEST_PORT:-80}
boot_forwarded() {
	uni-run -m 256 --timeout 600 -p "$GUEST_PORT" "$@" >vm.out 2>vm.err &
	VM_PID=$!
	trap 'kill $VM_PID 2>/dev/null; wait $VM_PID 2>/dev/null' EXIT
	PORT=
	for _ in $(seq 300); do
		PORT=$(sed -n "s/^uni-run: 127.0.0.1:\([0-9]*\) -> guest port $GUEST_PORT\/tcp.*/\1/p" vm.err)
		[ -n "$PORT" ] && grep -q "serving" vm.out 2>/dev/null && return 0
		kill -0 $VM_PID 2>/dev/null || fail "the image exited before serving"
		sleep 0.1
	done
	fail "the image did not start serving within 30 s"
}

# counter NAME: a value from the guest's /proc/net/uni, fetched through httpd.
counter() {
	curl -s "http://127.0.0.1:$PORT/proc/net/uni" | awk -v k="$1" '$1 == k { print $2 }'
}
