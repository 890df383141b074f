/* Thread creation and exit. A thread's control block and vector-state area take two pages
 * of runtime memory; its stack is the one musl's pthread_create passes to __clone. */
#include <cpuid.h>
#include <errno.h>
#include <string.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/sched.h"

#define BLOCK_SIZE 8192
#define XSAVE_OFFSET 2048   /* the thread's struct below, its vector state from here */
_Static_assert(sizeof(struct uni_thread) <= XSAVE_OFFSET, "struct uni_thread overlaps its xsave area");

extern struct uni_thread uni_main_thread, *uni_all_threads;

static int next_tid = 2;
static struct uni_thread *zombie;

static int xsave_fits(void)
{
	return uni_xsave_size() <= BLOCK_SIZE - XSAVE_OFFSET;
}

static struct uni_thread *alloc_thread(void)
{
	char *p = uni_mm_alloc(BLOCK_SIZE);   /* zeroed: the xsave header must start clear */
	if (!p)
		return 0;
	struct uni_thread *t = (struct uni_thread *)p;
	t->xsave = p + XSAVE_OFFSET;
	return t;
}

int uni_sched_irqs;

/* The first extra thread, or the first signal timer, turns ring 3's interrupts on. */
int uni_sched_start_irqs(void)
{
	if (uni_sched_irqs)
		return 0;
	if (!xsave_fits()) {
		uni_log("the CPU's vector state is larger than the runtime reserves; threads are unavailable");
		return -EAGAIN;
	}
	struct uni_thread *m = alloc_thread();
	if (!m)
		return -EAGAIN;
	uni_main_thread.xsave = m->xsave;   /* the main thread borrows this block's area */
	if (uni_current == &uni_main_thread)
		uni_cpu()->cur_xsave = uni_main_thread.xsave;
	uni_sched_irqs = 1;
	uni_plat->irq_on();
	return 0;
}

uint64_t uni_thread_prepare_stack(void *stack, int (*fn)(void *), void *arg)
{
	/* The stack as uni_switch_stacks leaves it: control words, r15..r12, rbx, rbp, return. */
	uint64_t *sp = (uint64_t *)((uint64_t)stack & ~15ull);
	*--sp = (uint64_t)uni_thread_trampoline;
	*--sp = 0;                    /* rbp: the outermost frame */
	*--sp = 0;                    /* rbx */
	*--sp = (uint64_t)fn;         /* r12 */
	*--sp = (uint64_t)arg;        /* r13 */
	*--sp = 0;                    /* r14 */
	*--sp = 0;                    /* r15 */
	*--sp = (uint64_t)0x1f80 << 32 | 0x37f;   /* MXCSR and x87 control word defaults */
	return (uint64_t)sp;
}

static int create(int (*fn)(void *), void *stack, void *arg, uint64_t tls, int *clear_tid, int runtime);

int uni_thread_create(int (*fn)(void *), void *stack, void *arg, uint64_t tls, int *clear_tid)
{
	return create(fn, stack, arg, tls, clear_tid, 0);
}

int uni_thread_create_runtime(int (*fn)(void *), void *arg, size_t stack_size)
{
	char *stack = uni_mm_alloc(stack_size);
	if (!stack)
		return -ENOMEM;
	/* Runtime code may read the thread pointer (errno of a libc helper): the creator's. */
	int r = create(fn, stack + stack_size, arg, uni_get_fs(), 0, 1);
	if (r < 0)
		uni_mm_free(stack, stack_size);
	return r;
}

static int create(int (*fn)(void *), void *stack, void *arg, uint64_t tls, int *clear_tid, int runtime)
{
	uni_preempt_disable();
	int r = uni_sched_start_irqs();
	struct uni_thread *t = r ? 0 : alloc_thread();
	if (!t) {
		uni_preempt_enable();
		return r ? r : -EAGAIN;
	}
	t->rsp = uni_thread_prepare_stack(stack, fn, arg);
	t->preempt_depth = 1;         /* the trampoline's uni_preempt_enable brings it to 0 */
	t->fsbase = tls;
	t->tid = next_tid++;
	t->clear_tid = clear_tid;
	t->sigmask = runtime ? ~0ull : uni_current->sigmask;   /* inherited from the creator */
	strncpy(t->comm, runtime ? "uni-runtime" : uni_current->comm, sizeof t->comm - 1);
	t->runtime = runtime;
	uni_sched_link(t);
	int tid = t->tid;
	uni_preempt_enable();
	return tid;
}

/* Frees the block of a thread that exited earlier; it runs on another thread's stack. The
 * exiting thread dropped the big lock only inside its last switch, and stays on_cpu until
 * the CPU that switched away from it is off its stack. */
static void reap(void)
{
	if (!zombie || zombie == uni_current)
		return;
	while (__atomic_load_n(&zombie->on_cpu, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
	if (zombie != &uni_main_thread)
		uni_mm_free(zombie, BLOCK_SIZE);
	zombie = 0;
}

_Noreturn void uni_thread_exit(int status)
{
	uni_preempt_disable();
	reap();
	struct uni_thread *cur = uni_current;
	uni_futex_robust_exit(cur);   /* before clear_tid: a joiner may look at the mutexes */
	if (cur->clear_tid) {
		__atomic_store_n(cur->clear_tid, 0, __ATOMIC_RELEASE);
		uni_futex_wake((uint32_t *)cur->clear_tid, 0x7fffffff, 0xffffffffu);
	}
	uni_sched_unlink(cur);
	struct uni_thread *t = uni_all_threads;
	while (t && t->runtime)
		t = t->next_all;
	if (!t) {
		if (uni_net_drain)
			uni_net_drain();
		uni_exit(status);   /* the last thread: the process ends with its status */
	}
	zombie = cur;
	uni_sched_block(0, 0);   /* unlinked: nothing wakes it */
	__builtin_unreachable();
}
