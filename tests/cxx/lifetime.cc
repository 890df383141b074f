// lifetime.cc: static constructors and destructors in order (init_priority, globals, function-local
// statics), atexit handlers interleaved with them, and thread_local objects with constructors and
// destructors, in the main thread and in other threads.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

struct Tracer {
	std::string name;
	explicit Tracer(const char *n) : name(n) { std::printf("construct %s\n", name.c_str()); }
	~Tracer() { std::printf("destroy %s\n", name.c_str()); }
};

Tracer global_a("global a");
__attribute__((init_priority(200))) Tracer early("init_priority 200");
Tracer global_b("global b");

static Tracer &lazy()
{
	static Tracer t("function-local static");
	return t;
}

thread_local Tracer per_thread("thread_local");
thread_local int counter = 10;

static void at_exit_1() { std::printf("atexit handler 1\n"); }
static void at_exit_2() { std::printf("atexit handler 2\n"); }

int main()
{
	std::printf("main starts\n");
	std::atexit(at_exit_1);
	lazy();
	std::atexit(at_exit_2);
	std::printf("main uses %s, counter %d\n", per_thread.name.c_str(), counter++);
	for (int i = 0; i < 2; i++) {
		std::thread t([i] {
			std::printf("thread %d sees counter %d\n", i, counter);
			per_thread.name = "thread_local of thread " + std::to_string(i);
			counter += i;
			std::printf("thread %d set counter %d\n", i, counter);
		});
		t.join();
	}
	std::printf("main's counter still %d\n", counter);
	std::printf("main returns\n");
	return 0;
}
