// exceptions.cc: C++ exceptions through frames (destructors run while unwinding), rethrow, nested
// exceptions, library-thrown exceptions, and exceptions carried between threads (exception_ptr,
// future, promise). Argument "terminate": a custom terminate handler; "uncaught": the default one.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <future>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct Guard {
	const char *name;
	~Guard() { std::printf("unwind %s\n", name); }
};

struct AppError : std::runtime_error {
	int code;
	AppError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

[[gnu::noinline]] static void level3(int depth)
{
	Guard g{"level3"};
	if (depth > 2)
		throw AppError("deep failure", depth);
}
[[gnu::noinline]] static void level2(int depth) { Guard g{"level2"}; level3(depth + 1); }
[[gnu::noinline]] static void level1(int depth) { Guard g{"level1"}; level2(depth + 1); }

[[gnu::noinline]] static int recurse(int n)
{
	std::string s(static_cast<size_t>(n % 7 + 1), 'x');
	if (n == 0)
		throw n;
	return recurse(n - 1) + static_cast<int>(s.size());
}

static void open_config()
{
	try {
		throw std::runtime_error("config missing");
	} catch (...) {
		std::throw_with_nested(std::logic_error("cannot start"));
	}
}

static void print_nested(const std::exception &e, int level)
{
	std::printf("nested level %d: %s\n", level, e.what());
	try {
		std::rethrow_if_nested(e);
	} catch (const std::exception &inner) {
		print_nested(inner, level + 1);
	}
}

[[noreturn]] static void on_terminate()
{
	std::printf("terminate handler: %s\n", std::current_exception() ? "active exception" : "none");
	std::fflush(stdout);
	std::_Exit(3);
}

static void throws_in_noexcept() noexcept
{
	throw AppError("escapes noexcept", 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && std::strcmp(argv[1], "terminate") == 0) {
		std::set_terminate(on_terminate);
		throws_in_noexcept();
	}
	if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0)
		throw AppError("nobody catches this", 2);

	try {
		level1(1);
	} catch (const AppError &e) {
		std::printf("caught AppError '%s' code %d\n", e.what(), e.code);
	}

	try {
		try {
			throw std::out_of_range("index 9");
		} catch (const std::exception &e) {
			std::printf("inner caught %s, rethrowing\n", e.what());
			throw;
		}
	} catch (const std::out_of_range &e) {
		std::printf("outer caught out_of_range '%s'\n", e.what());
	}

	try {
		recurse(200);
	} catch (int v) {
		std::printf("caught int %d after 200 frames\n", v);
	}

	try {
		open_config();
	} catch (const std::exception &e) {
		print_nested(e, 0);
	}

	try {
		std::vector<int> v(3);
		std::printf("%d\n", v.at(5));
	} catch (const std::out_of_range &) {
		std::printf("vector::at threw out_of_range\n");
	}

	try {
		std::string s("abc");
		s.substr(10);
	} catch (const std::exception &) {
		std::printf("string::substr threw\n");
	}

	try {
		std::size_t huge = static_cast<std::size_t>(1) << 50;
		// A direct call: a new-expression whose result is unused may be elided.
		void *p = ::operator new(huge);
		std::printf("allocated 1 PiB at %p?\n", p);
		::operator delete(p);
	} catch (const std::bad_alloc &e) {
		std::printf("bad_alloc for 1 PiB\n");
	}

	try {
		throw 3.5;
	} catch (int) {
		std::printf("wrong handler\n");
	} catch (...) {
		std::printf("catch-all got a double\n");
	}

	// exception_ptr: thrown in one thread, rethrown in another.
	std::exception_ptr ep;
	std::thread t([&ep] {
		try {
			level1(5);
		} catch (...) {
			ep = std::current_exception();
		}
	});
	t.join();
	try {
		std::rethrow_exception(ep);
	} catch (const AppError &e) {
		std::printf("main rethrew from thread: '%s' code %d\n", e.what(), e.code);
	}

	auto f = std::async(std::launch::async, [] {
		throw std::invalid_argument("bad input in async");
		return 1;
	});
	try {
		f.get();
	} catch (const std::invalid_argument &e) {
		std::printf("future::get threw '%s'\n", e.what());
	}

	std::promise<int> p;
	std::future<int> pf = p.get_future();
	std::thread setter([&p] { p.set_exception(std::make_exception_ptr(AppError("via promise", 42))); });
	try {
		pf.get();
	} catch (const AppError &e) {
		std::printf("promise carried '%s' code %d\n", e.what(), e.code);
	}
	setter.join();

	// Many threads throwing and catching at the same time.
	std::vector<std::thread> ts;
	std::vector<int> caught(4);
	for (int i = 0; i < 4; i++)
		ts.emplace_back([i, &caught] {
			for (int n = 0; n < 2000; n++) {
				try {
					if (n % 2)
						throw AppError("odd", n);
					throw n;
				} catch (const AppError &) {
					caught[static_cast<size_t>(i)]++;
				} catch (int) {
					caught[static_cast<size_t>(i)]++;
				}
			}
		});
	for (auto &th : ts)
		th.join();
	std::printf("concurrent catches: %d %d %d %d\n", caught[0], caught[1], caught[2], caught[3]);
	std::printf("uncaught_exceptions now %d\n", std::uncaught_exceptions());
	return 0;
}
