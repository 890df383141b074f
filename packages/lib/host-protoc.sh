# host-protoc.sh: for recipes whose build generates protobuf sources (onnx, onnxruntime): the
# compiler runs on the build machine, so it is the host's protoc, which must be the sysroot's
# protobuf version (3.21.12) for the generated code to compile against its headers. Sourced by a
# recipe after its build layer; POSIX sh.
inputs="$inputs packages/lib/host-protoc.sh"

check_host_protoc() {
	case $(protoc --version 2>/dev/null) in
	"libprotoc 3.21.12") ;;
	*)
		echo "$name: configure: the host's protoc is '$(protoc --version 2>&1)', not libprotoc 3.21.12, the sysroot's protobuf (fix: apt-get install protobuf-compiler)"
		exit 1
		;;
	esac
}
