# server-lib.sh: what the real servers' helpers (nginx-lib.sh, redis-lib.sh, memcached-lib.sh)
# share. Sourced.

# server_stop PID: ends a server started in the background: SIGTERM, and SIGKILL after 10 s
# (uni-run's children, passt and a process-platform image or QEMU, die with it).
server_stop() {
	local _
	kill "$1" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# server_forwarded_port ERR GUESTPORT: the host port uni-run forwards to GUESTPORT, from the line
# it announces it with on its stderr (the file ERR), waiting up to 10 s; nothing if none came.
server_forwarded_port() {
	local port= _
	for _ in $(seq 100); do
		port=$(sed -n "s/^uni-run: 127.0.0.1:\([0-9]*\) -> guest port $2\/tcp\$/\1/p" "$1")
		[ -n "$port" ] && break
		sleep 0.1
	done
	echo "$port"
}
