/* sanitize.c: -fsanitize= in uni-cc: the sanitizers that need a runtime library are refused
 * with the reason and what to use instead; the undefined-behaviour checks run in trap mode. */
#include "cc.h"

#include <string.h>

/* Each needs its runtime (libasan, libtsan, libmsan, liblsan...): a fixed shadow-memory layout
 * mapped over the address space and interposed malloc and libc, built for glibc processes.
 * Neither exists for a static musl program, let alone an image. */
static const struct {
	const char *name, *what;
} refused[] = {
	{ "address", "AddressSanitizer" },
	{ "kernel-address", "Kernel AddressSanitizer" },
	{ "hwaddress", "HWAddressSanitizer" },
	{ "kernel-hwaddress", "Kernel HWAddressSanitizer" },
	{ "pointer-compare", "AddressSanitizer's pointer-compare" },
	{ "pointer-subtract", "AddressSanitizer's pointer-subtract" },
	{ "thread", "ThreadSanitizer" },
	{ "memory", "MemorySanitizer" },
	{ "leak", "LeakSanitizer" },
	{ "dataflow", "DataFlowSanitizer" },
	{ "fuzzer", "libFuzzer" },
	{ "scudo", "the Scudo allocator" },
	{ "safe-stack", "SafeStack" },
};

/* "undefined" and its parts (GCC's and clang's names): compiled checks that, in trap mode,
 * execute ud2 instead of calling libubsan. */
static const char *const undefined[] = {
	"undefined", "shift", "shift-exponent", "shift-base", "integer-divide-by-zero",
	"unreachable", "vla-bound", "null", "return", "signed-integer-overflow", "bounds",
	"bounds-strict", "alignment", "object-size", "float-divide-by-zero", "float-cast-overflow",
	"nonnull-attribute", "returns-nonnull-attribute", "bool", "enum", "vptr", "pointer-overflow",
	"builtin", "array-bounds", "function", "implicit-conversion", "integer", "nullability",
	"nullability-arg", "nullability-assign", "nullability-return", "unsigned-integer-overflow",
	"implicit-integer-truncation", "implicit-signed-integer-truncation",
	"implicit-unsigned-integer-truncation", "implicit-integer-sign-change",
	"unsigned-shift-base", "local-bounds",
};

static bool listed(const char *name, size_t len, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return true;
	return false;
}

void cc_sanitize(struct cc *c, const char *list)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
			if (strlen(refused[i].name) != len || strncmp(refused[i].name, p, len) != 0)
				continue;
			uni_die("-fsanitize=%s: %s needs its runtime library and shadow memory, which uni "
				"images (static, musl, no such runtime) do not have (fix: "
				"-fsanitize=undefined works here (trap mode: a failed check stops the "
				"program with SIGILL and a backtrace); images already have guard pages "
				"below stacks, an unmapped NULL page and enforced mprotect; for %s, build "
				"and test the same sources as a host program with the host's compiler "
				"(gcc -fsanitize=%s))", refused[i].name, refused[i].what, refused[i].what,
				refused[i].name);
		}
		if (listed(p, len, undefined, sizeof undefined / sizeof *undefined))
			c->ubsan = true;
		p += len + (p[len] == ',');
	}
}

void cc_push_ubsan_trap(const struct cc *c, struct strv *cmd)
{
	/* GCC 12 spells it -fsanitize-undefined-trap-on-error; clang -fsanitize-trap=. */
	strv_push(cmd, c->clang ? "-fsanitize-trap=undefined" : "-fsanitize-undefined-trap-on-error");
}
