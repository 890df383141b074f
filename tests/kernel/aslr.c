/* aslr.c: prints, one "REGION 0xADDRESS" line each, where this boot put a stack variable, a
 * small malloc, the brk heap's start (sbrk(0)), a large malloc (musl maps it), an mmap, a TLS
 * variable of the main thread and of a second thread, a function and a static variable (the
 * image's text and data); tests/kernel/aslr.test compares them across boots. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static __thread int tls_var;
static int data_var = 1;

static void *thread_tls(void *arg)
{
	(void)arg;
	return &tls_var;
}

static void show(const char *region, const void *p)
{
	printf("%s %#lx\n", region, (unsigned long)(uintptr_t)p);
}

int main(void)
{
	int on_stack = 0;
	void *small = malloc(32), *large = malloc(1 << 20);
	void *map = mmap(0, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;
	void *thread_var = 0;
	if (!small || !large || map == MAP_FAILED || pthread_create(&t, 0, thread_tls, 0) || pthread_join(t, &thread_var)) {
		perror("aslr: allocation");
		return 1;
	}
	show("stack", &on_stack);
	show("heap", small);
	show("brk", sbrk(0));
	show("malloc-large", large);
	show("mmap", map);
	show("tls", &tls_var);
	show("thread-tls", thread_var);
	show("text", (const void *)main);
	show("data", &data_var);
	return 0;
}
