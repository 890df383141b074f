/* all.S: musl's syscall(), which can make any call, links every handler of this folder; so does
 * -Wl,--undefined=uni_syscalls_all, for a program that makes such calls its own way (a syscall
 * instruction). */
#include "link.h"
LINK syscall, uni_syscalls_all
	.section .rodata.uni_syscalls_all, "a", @progbits
	.globl uni_syscalls_all
	.type uni_syscalls_all, @object
uni_syscalls_all:
	.reloc ., R_X86_64_NONE, sys_msgget
	.reloc ., R_X86_64_NONE, sys_semget
	.reloc ., R_X86_64_NONE, sys_shmget
	.reloc ., R_X86_64_NONE, sys_mq_open
	.reloc ., R_X86_64_NONE, sys_signalfd4
	.reloc ., R_X86_64_NONE, sys_poll
	.reloc ., R_X86_64_NONE, sys_epoll_create1
	.reloc ., R_X86_64_NONE, sys_sendfile
	.reloc ., R_X86_64_NONE, sys_eventfd2
	.reloc ., R_X86_64_NONE, sys_timerfd_create
	.reloc ., R_X86_64_NONE, sys_setuid
	.reloc ., R_X86_64_NONE, uni_futex_lock_pi
	.reloc ., R_X86_64_NONE, uni_files
	.byte 0
	.size uni_syscalls_all, 1
