// main.cc: stock NAME=COUNT...: adds each argument from its own thread, prints the totals.
#include "inventory.h"

#include <exception>
#include <iostream>
#include <thread>
#include <vector>

int main(int argc, char **argv)
{
	Inventory inv;
	std::vector<std::thread> threads;
	std::vector<std::exception_ptr> errors(static_cast<size_t>(argc));
	for (int i = 1; i < argc; i++)
		threads.emplace_back([&, i] {
			try {
				inv.add(argv[i]);
			} catch (...) {
				errors[static_cast<size_t>(i)] = std::current_exception();
			}
		});
	for (auto &t : threads)
		t.join();
	for (auto &e : errors) {
		try {
			if (e)
				std::rethrow_exception(e);
		} catch (const std::exception &ex) {
			std::cerr << "stock: " << ex.what() << "\n";
			return 1;
		}
	}
	long total = 0;
	for (const auto &[name, n] : inv.snapshot()) {
		std::cout << name << " " << n << "\n";
		total += n;
	}
	std::cout << "total " << total << " from " << threads.size() << " threads\n";
	return 0;
}
