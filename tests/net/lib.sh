# Helpers for the network tests: boot an image with a forwarded port and wait for it.
# Sourced by tests/net/*.test (bash).
set -u
fail() { echo "FAIL: $*"; [ -f vm.err ] && tail -n 20 vm.err; exit 1; }

# boot_forwarded IMAGE ARGS...: boots IMAGE in the background with -p GUESTPORT (uni-run picks
# the host port), sets VM_PID and PORT once the guest accepts connections there.
GUEST_PORT=${GUEST_PORT:-80}
boot_forwarded() {
	# Emptied here, not only by the redirections below: the background job opens them after the
	# loop may already have read a previous boot's port and "serving".
	: >vm.out
	: >vm.err
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

# tap_netns: skips (77) unless root with /dev/net/tun and ip; creates network namespace NS with
# tap interface TAP (10.77.0.1/24, up) and deletes it at exit (with the VM); sets NS, TAP,
# HOST_IP, GUEST_IP and IN_NS (a command prefix that runs inside the namespace).
tap_netns() {
	[ "$(id -u)" = 0 ] || { echo "creating a network namespace and a tap device needs root"; exit 77; }
	[ -c /dev/net/tun ] || { echo "/dev/net/tun is missing (modprobe tun)"; exit 77; }
	command -v ip >/dev/null || { echo "ip (iproute2) is not installed"; exit 77; }
	NS=uni-tap-$$ TAP=utap$$ HOST_IP=10.77.0.1 GUEST_IP=10.77.0.2 IN_NS="ip netns exec uni-tap-$$"
	ip netns add "$NS" || fail "ip netns add $NS (a stale one? ip netns del $NS)"
	trap 'kill ${VM_PID:-} 2>/dev/null; wait ${VM_PID:-} 2>/dev/null; ip netns del "$NS"' EXIT
	trap 'exit 143' TERM INT   # a timeout's SIGTERM must still delete the namespace
	$IN_NS ip link set lo up &&
		$IN_NS ip tuntap add dev "$TAP" mode tap &&
		$IN_NS ip addr add "$HOST_IP/24" dev "$TAP" &&
		$IN_NS ip link set "$TAP" up || fail "setting up tap $TAP in namespace $NS"
}

# boot_tap IMAGE ARGS...: boots IMAGE inside NS on the tap with a static address, in the
# background; sets VM_PID once the program prints "serving" and answers on port 80.
boot_tap() {
	: >vm.out
	: >vm.err
	$IN_NS uni-run -m 256 --timeout 600 --net "tap:$TAP" --ip "$GUEST_IP/24" --gw "$HOST_IP" "$@" >vm.out 2>vm.err &
	VM_PID=$!
	for _ in $(seq 300); do
		grep -q "serving" vm.out 2>/dev/null && $IN_NS curl -s -o /dev/null -m 2 "http://$GUEST_IP/" && return 0
		kill -0 $VM_PID 2>/dev/null || fail "the image exited before serving on the tap"
		sleep 0.1
	done
	fail "the image did not answer on $GUEST_IP:80 over the tap within 30 s"
}
