// threads.cc: the C++ thread library: std::thread, mutex, condition_variable (notify and timed
// wait), future/promise/async/packaged_task, call_once, shared_mutex, atomics with wait/notify,
// C++20 jthread with stop_token, latch, barrier, counting_semaphore, sleep_for and yield.
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <latch>
#include <mutex>
#include <numeric>
#include <queue>
#include <semaphore>
#include <shared_mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

int main()
{
	// A mutex-protected counter.
	long counter = 0;
	std::mutex m;
	std::vector<std::thread> ts;
	for (int i = 0; i < 4; i++)
		ts.emplace_back([&] {
			for (int n = 0; n < 50000; n++) {
				std::lock_guard<std::mutex> g(m);
				counter++;
			}
		});
	for (auto &t : ts)
		t.join();
	std::printf("mutex counter %ld\n", counter);

	// Producer and consumer through a condition variable.
	std::queue<int> q;
	std::condition_variable cv;
	bool done = false;
	long consumed = 0;
	std::thread consumer([&] {
		std::unique_lock<std::mutex> lk(m);
		for (;;) {
			cv.wait(lk, [&] { return !q.empty() || done; });
			while (!q.empty()) {
				consumed += q.front();
				q.pop();
			}
			if (done)
				return;
		}
	});
	for (int i = 1; i <= 1000; i++) {
		{
			std::lock_guard<std::mutex> g(m);
			q.push(i);
		}
		cv.notify_one();
	}
	{
		std::lock_guard<std::mutex> g(m);
		done = true;
	}
	cv.notify_one();
	consumer.join();
	std::printf("condition_variable consumed sum %ld\n", consumed);

	// A timed wait that times out.
	{
		std::unique_lock<std::mutex> lk(m);
		auto t0 = std::chrono::steady_clock::now();
		std::cv_status st = cv.wait_for(lk, 30ms);
		auto waited = std::chrono::steady_clock::now() - t0;
		std::printf("wait_for: %s, waited >= 30ms: %s\n", st == std::cv_status::timeout ? "timeout" : "no timeout",
			    waited >= 30ms ? "yes" : "no");
	}

	// async, packaged_task, promise.
	std::vector<std::future<long>> parts;
	for (long k = 0; k < 4; k++)
		parts.push_back(std::async(std::launch::async, [k] {
			long s = 0;
			for (long x = k * 250000 + 1; x <= (k + 1) * 250000; x++)
				s += x;
			return s;
		}));
	long total = 0;
	for (auto &f : parts)
		total += f.get();
	std::printf("async sum 1..1000000 = %ld\n", total);
	auto deferred = std::async(std::launch::deferred, [] { return 6 * 7; });
	std::printf("deferred %d\n", deferred.get());
	std::packaged_task<int(int, int)> task([](int a, int b) { return a * b; });
	std::future<int> tf = task.get_future();
	std::thread(std::move(task), 6, 9).join();
	std::printf("packaged_task %d\n", tf.get());
	std::promise<std::vector<int>> pr;
	std::future<std::vector<int>> pf = pr.get_future();
	std::thread([&pr] { pr.set_value({1, 2, 3}); }).detach();
	auto v = pf.get();
	std::printf("promise delivered %zu values, sum %d\n", v.size(), std::accumulate(v.begin(), v.end(), 0));
	std::printf("deferred future after get: %s\n", deferred.valid() ? "valid" : "consumed");

	// call_once from many threads.
	std::once_flag once;
	std::atomic<int> init_calls{0};
	ts.clear();
	for (int i = 0; i < 8; i++)
		ts.emplace_back([&] { std::call_once(once, [&] { init_calls++; }); });
	for (auto &t : ts)
		t.join();
	std::printf("call_once ran %d time(s)\n", init_calls.load());

	// shared_mutex: readers in parallel, one writer.
	std::shared_mutex sm;
	int shared_value = 0;
	std::atomic<int> reads{0};
	ts.clear();
	for (int i = 0; i < 3; i++)
		ts.emplace_back([&] {
			for (int n = 0; n < 1000; n++) {
				std::shared_lock<std::shared_mutex> r(sm);
				if (shared_value >= 0)
					reads++;
			}
		});
	ts.emplace_back([&] {
		for (int n = 0; n < 1000; n++) {
			std::unique_lock<std::shared_mutex> w(sm);
			shared_value++;
		}
	});
	for (auto &t : ts)
		t.join();
	std::printf("shared_mutex reads %d, writes %d\n", reads.load(), shared_value);

	// Atomics and atomic wait/notify (futex based).
	std::atomic<long> hits{0};
	std::atomic<int> flag{0};
	std::thread waiter([&] {
		flag.wait(0);
		std::printf("atomic wait woke with %d\n", flag.load());
	});
	ts.clear();
	for (int i = 0; i < 4; i++)
		ts.emplace_back([&] {
			for (int n = 0; n < 100000; n++)
				hits.fetch_add(1, std::memory_order_relaxed);
		});
	for (auto &t : ts)
		t.join();
	flag.store(5);
	flag.notify_all();
	waiter.join();
	std::printf("atomic hits %ld\n", hits.load());

	// C++20: jthread and stop_token, latch, barrier, semaphore.
	std::atomic<int> ticks{0};
	{
		std::jthread jt([&](std::stop_token st) {
			while (!st.stop_requested()) {
				ticks++;
				std::this_thread::sleep_for(1ms);
			}
		});
		std::this_thread::sleep_for(20ms);
	}
	std::printf("jthread stopped after ticking: %s\n", ticks.load() > 0 ? "yes" : "no");
	std::latch start(3);
	std::atomic<int> arrived{0};
	ts.clear();
	for (int i = 0; i < 3; i++)
		ts.emplace_back([&] {
			arrived++;
			start.count_down();
		});
	start.wait();
	std::printf("latch released after %d arrivals\n", arrived.load());
	for (auto &t : ts)
		t.join();
	int phases = 0;
	std::barrier sync(3, [&]() noexcept { phases++; });
	ts.clear();
	for (int i = 0; i < 3; i++)
		ts.emplace_back([&] {
			for (int p = 0; p < 5; p++)
				sync.arrive_and_wait();
		});
	for (auto &t : ts)
		t.join();
	std::printf("barrier completed %d phases\n", phases);
	std::counting_semaphore<4> sem(2);
	std::atomic<int> inside{0}, most{0};
	ts.clear();
	for (int i = 0; i < 6; i++)
		ts.emplace_back([&] {
			sem.acquire();
			int now = ++inside;
			int prev = most.load();
			while (now > prev && !most.compare_exchange_weak(prev, now)) {
			}
			std::this_thread::sleep_for(2ms);
			inside--;
			sem.release();
		});
	for (auto &t : ts)
		t.join();
	std::printf("semaphore(2): at most %s threads inside\n", most.load() <= 2 ? "2" : "more than 2");

	auto t0 = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(25ms);
	std::this_thread::yield();
	std::printf("sleep_for(25ms) slept >= 25ms: %s\n", std::chrono::steady_clock::now() - t0 >= 25ms ? "yes" : "no");
	std::printf("hardware_concurrency > 0: %s\n", std::thread::hardware_concurrency() > 0 ? "yes" : "no");
	std::printf("main thread id differs from a new thread's: %s\n",
		    std::async(std::launch::async, [] { return std::this_thread::get_id(); }).get() != std::this_thread::get_id() ? "yes" : "no");
	return 0;
}
