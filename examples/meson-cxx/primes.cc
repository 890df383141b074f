// primes.cc: primes N: counts the primes below N with one std::async task per quarter of the range.
#include <future>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

static long count_range(long lo, long hi)
{
	long n = 0;
	for (long x = lo < 2 ? 2 : lo; x < hi; x++) {
		bool prime = true;
		for (long d = 2; d * d <= x; d++)
			if (x % d == 0) {
				prime = false;
				break;
			}
		n += prime;
	}
	return n;
}

int main(int argc, char **argv)
{
	try {
		long limit = argc > 1 ? std::stol(argv[1]) : 1000;
		std::vector<std::future<long>> parts;
		for (long k = 0; k < 4; k++)
			parts.push_back(std::async(std::launch::async, count_range, limit * k / 4, limit * (k + 1) / 4));
		long total = 0;
		for (auto &p : parts)
			total += p.get();
		std::cout << total << " primes below " << limit << "\n";
		return total > 0 ? 0 : 1;
	} catch (const std::exception &e) {
		std::cerr << "primes: bad limit: " << e.what() << "\n";
		return 2;
	}
}
