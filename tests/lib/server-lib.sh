# server-lib.sh: what the real servers' helpers (nginx-lib.sh, redis-lib.sh) share. Sourced.

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
