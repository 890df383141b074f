# lib.sh: helpers sourced by the uni-run tests: verdicts and hand-written PVH guests.

# These tests check uni-run's own command lines and errors: its defaults, not the caller's.
unset UNI_CPUS

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# expect WHAT EXPECTED GOT
expect() {
	[ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

# run_err MESSAGE_PART ARGS...: expects uni-run ARGS to exit 125 with MESSAGE_PART on stderr.
run_err() {
	local want=$1; shift
	uni-run "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	local rc=$?
	expect "exit status of uni-run $*" 125 "$rc"
	grep -qF -- "$want" "$TEST_TMP/err" || fail "uni-run $*: expected [$want] in stderr, got [$(cat "$TEST_TMP/err")]"
}

# pvh_guest NAME: assembles 32-bit guest code read from stdin into $TEST_TMP/NAME, a minimal
# PVH ELF (Xen note 18, the uni ABI note for PVH only, loaded at 1 MiB), so uni-run can be
# tested without the runtime.
# The code starts with %ebx = hvm_start_info and may call putc (al = byte, dx = port base),
# getc (al <- COM1 byte), puts (esi = string, dx = port base; 0xe9 writes without polling)
# and exit_qemu (al = status for isa-debug-exit).
pvh_guest() {
	command -v as >/dev/null && command -v ld >/dev/null || skip "needs binutils (as, ld)"
	local abi
	abi=$(sed -n 's/^#define UNI_ABI_VERSION \([0-9]*\).*/\1/p' "$UNI_SRC/kernel/include/uni/abi.h")
	{
		cat <<ASM
	.section .note.xen, "a"
	.align 4
	.long 4, 4, 18
	.asciz "Xen"
	.long _start
	.align 4
	.long 4, 8, 2			/* uni/abi.h: UNI_NOTE_ABI, this version, PVH only */
	.asciz "uni"
	.long $abi, 1
ASM
		cat <<'ASM'
	.text
	.code32
	.globl _start
_start:
	mov $0x200000, %esp
ASM
		cat
		cat <<'ASM'
	.text
putc:	mov %al, %ah
	cmp $0xe9, %dx
	je 2f
	add $5, %dx
1:	in %dx, %al
	test $0x20, %al
	jz 1b
	sub $5, %dx
2:	mov %ah, %al
	out %al, %dx
	ret
getc:	mov $0x3fd, %dx
1:	in %dx, %al
	test $1, %al
	jz 1b
	mov $0x3f8, %dx
	in %dx, %al
	ret
puts:	push %dx
	movb (%esi), %al
	test %al, %al
	jz 1f
	call putc
	pop %dx
	inc %esi
	jmp puts
1:	pop %dx
	ret
exit_qemu:
	out %al, $0xf4
	hlt
ASM
	} >"$TEST_TMP/$1.S"
	printf 'ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .data : { *(.data) } .note.xen : { *(.note.xen) } }\n' >"$TEST_TMP/guest.ld"
	as --64 -o "$TEST_TMP/$1.o" "$TEST_TMP/$1.S" || fail "assembling guest $1"
	ld -m elf_x86_64 --no-warn-rwx-segments -T "$TEST_TMP/guest.ld" -o "$TEST_TMP/$1" "$TEST_TMP/$1.o" ||
		fail "linking guest $1"
}

# need_qemu: skip when QEMU is not installed (uni-run would exit 125).
need_qemu() {
	command -v "${UNI_QEMU:-qemu-system-x86_64}" >/dev/null || skip "QEMU is not installed"
}
