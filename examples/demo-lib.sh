# demo-lib.sh: the checks of examples/demo.sh (sourced from bash): is a local port taken, and is the
# answer on it the classifier's /healthz JSON rather than any HTTP server's.

# port_busy PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_busy() {
	(: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# port_owner PORT: the listening process as ss names it, or nothing (ss missing, or not ours to see).
port_owner() {
	ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n 1
}

# healthz_ok PORT: true when GET /healthz on 127.0.0.1:PORT answers 200 with the classifier's
# body, {"status":"ok"}, as application/json.
healthz_ok() {
	local answer body type
	answer=$(curl -fsS -m 2 -w '\n%{content_type}' "http://127.0.0.1:$1/healthz" 2>/dev/null) || return 1
	body=${answer%$'\n'*}
	type=${answer##*$'\n'}
	case $type in application/json*) ;; *) return 1 ;; esac
	printf '%s' "$body" | grep -Eq '^[[:space:]]*\{[[:space:]]*"status"[[:space:]]*:[[:space:]]*"ok"[[:space:]]*\}[[:space:]]*$'
}
