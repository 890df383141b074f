// library.cc: the rest of the standard library a program leans on: <chrono> (clocks, durations,
// calendar), <random> (engines with fixed seeds, distributions, random_device), strings and
// conversions, vector/map/unordered_map/set/deque/list, algorithms, optional/variant/any,
// string_view, <regex>, <charconv>, std::function, smart pointers, <cmath>.
#include <algorithm>
#include <any>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

using namespace std::chrono_literals;

static void chrono_part()
{
	auto t0 = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(20ms);
	auto dt = std::chrono::steady_clock::now() - t0;
	std::printf("steady_clock: slept 20ms, measured between 20ms and 5s: %s\n", dt >= 20ms && dt < 5s ? "yes" : "no");
	auto since = std::chrono::system_clock::now().time_since_epoch();
	std::printf("system_clock after 2024: %s\n", since > std::chrono::hours(24 * 365 * 54) ? "yes" : "no");
	std::chrono::milliseconds ms = 3h + 25min + 12s + 500ms;
	std::printf("duration: %lld ms = %ld min (floor) = %.4f h\n", static_cast<long long>(ms.count()),
		    static_cast<long>(std::chrono::floor<std::chrono::minutes>(ms).count()),
		    std::chrono::duration<double, std::ratio<3600>>(ms).count());
	using namespace std::chrono;
	year_month_day leap = 2024y / February / 29;
	year_month_day not_leap = 2023y / February / 29;
	sys_days d = leap;
	weekday wd{d};
	year_month_day later = sys_days{leap} + days{400};
	std::printf("calendar: 2024-02-29 ok %d, 2023-02-29 ok %d, weekday %u, +400 days = %d-%02u-%02u, days since epoch %ld\n",
		    leap.ok(), not_leap.ok(), wd.c_encoding(), static_cast<int>(later.year()), static_cast<unsigned>(later.month()),
		    static_cast<unsigned>(later.day()), static_cast<long>(d.time_since_epoch().count()));
}

static void random_part()
{
	std::mt19937 def;
	def.discard(9999);
	std::printf("mt19937 default seed, 10000th value: %u\n", static_cast<unsigned>(def()));
	std::mt19937_64 def64;
	def64.discard(9999);
	std::printf("mt19937_64 default seed, 10000th value: %llu\n", static_cast<unsigned long long>(def64()));
	std::mt19937 g(42);
	std::printf("mt19937(42):");
	for (int i = 0; i < 5; i++)
		std::printf(" %u", static_cast<unsigned>(g()));
	std::printf("\n");
	std::mt19937 dice_gen(2024);
	std::uniform_int_distribution<int> dice(1, 6);
	std::printf("dice:");
	for (int i = 0; i < 12; i++)
		std::printf(" %d", dice(dice_gen));
	std::printf("\n");
	std::mt19937 ng(7);
	std::normal_distribution<double> normal(10.0, 2.0);
	std::printf("normal(10,2):");
	for (int i = 0; i < 4; i++)
		std::printf(" %.6f", normal(ng));
	std::printf("\n");
	std::minstd_rand lcg(1);
	lcg.discard(9999);
	std::printf("minstd_rand 10000th: %u\n", static_cast<unsigned>(lcg()));
	std::vector<int> v(10);
	std::iota(v.begin(), v.end(), 1);
	std::shuffle(v.begin(), v.end(), std::mt19937(7));
	std::printf("shuffle:");
	for (int x : v)
		std::printf(" %d", x);
	std::printf("\n");
	std::random_device rd;
	unsigned a = rd(), b = rd(), c = rd();
	std::printf("random_device gives varying values: %s\n", a != b || b != c ? "yes" : "no");
}

static void containers_part()
{
	std::string s = "Hello, uni";
	s += " images";
	s.replace(0, 5, "Goodbye");
	std::string upper = s;
	std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
	std::printf("string: '%s' find('uni')=%zu upper '%s' compare %d\n", s.c_str(), s.find("uni"), upper.c_str(),
		    s.compare(upper) > 0);
	std::printf("conversions: %d %.3f %s %s %lld\n", std::stoi("  -123abc"), std::stod("2.5e3"), std::to_string(77).c_str(),
		    std::to_string(1.5).c_str(), std::stoll("9000000000"));
	char buf[32];
	auto r = std::to_chars(buf, buf + sizeof buf, 3.14159, std::chars_format::fixed, 2);
	*r.ptr = '\0';
	int parsed = 0;
	std::from_chars("12345", "12345" + 5, parsed);
	std::printf("charconv: '%s' %d\n", buf, parsed);

	std::vector<int> v;
	for (int i = 0; i < 1000; i++)
		v.push_back((i * 7919) % 1000);
	std::sort(v.begin(), v.end());
	auto last = std::unique(v.begin(), v.end());
	std::printf("vector: %zu unique of 1000, sum %d, binary_search(500) %d\n", static_cast<size_t>(last - v.begin()),
		    std::accumulate(v.begin(), last, 0), std::binary_search(v.begin(), last, 500));

	std::map<std::string, int> wc;
	for (std::string_view w : {"the", "cat", "and", "the", "hat", "and", "the", "bat"})
		wc[std::string(w)]++;
	std::printf("map:");
	for (const auto &[w, n] : wc)
		std::printf(" %s=%d", w.c_str(), n);
	std::printf("\n");

	std::unordered_map<int, long> sq;
	for (int i = 0; i < 20000; i++)
		sq[i] = static_cast<long>(i) * i;
	long total = 0;
	for (const auto &kv : sq)
		total += kv.second % 1000;
	sq.erase(5);
	std::printf("unordered_map: size %zu, sum of squares mod 1000 %ld, contains 5 %d, at(19999) %ld\n", sq.size(), total,
		    sq.count(5) == 1, sq.at(19999));

	std::set<int> a{1, 3, 5, 7, 9}, b{3, 6, 9};
	std::vector<int> both;
	std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
	std::deque<int> dq{2, 3};
	dq.push_front(1);
	dq.push_back(4);
	std::list<int> lst{5, 1, 4};
	lst.sort();
	std::printf("set_intersection %d %d, deque front %d back %d, list sorted %d %d %d\n", both[0], both[1], dq.front(), dq.back(),
		    lst.front(), *std::next(lst.begin()), lst.back());

	std::optional<int> none, some = 5;
	std::variant<int, std::string> var = std::string("text");
	std::any any = 3.5;
	std::printf("optional %d/%d, variant holds string %d ('%s'), any double %.1f\n", none.value_or(-1), *some,
		    std::holds_alternative<std::string>(var), std::get<std::string>(var).c_str(), std::any_cast<double>(any));
	std::function<int(int)> twice = [](int x) { return 2 * x; };
	auto shared = std::make_shared<std::vector<int>>(3, 9);
	std::weak_ptr<std::vector<int>> weak = shared;
	std::printf("function %d, shared_ptr use_count %ld, weak expired %d\n", twice(21), shared.use_count(), weak.expired());
	shared.reset();
	std::printf("after reset weak expired %d\n", weak.expired());

	std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
	std::smatch m;
	std::string text = "released on 2024-05-17, patched 2024-06-01";
	std::printf("regex:");
	for (auto it = std::sregex_iterator(text.begin(), text.end(), date); it != std::sregex_iterator(); ++it)
		std::printf(" [%s/%s/%s]", (*it)[3].str().c_str(), (*it)[2].str().c_str(), (*it)[1].str().c_str());
	std::printf(" replaced: '%s'\n", std::regex_replace(text, date, "$3.$2.$1").c_str());
	std::printf("cmath: sqrt2 %.10f, sin(pi/6) %.6f, lgamma(10) %.6f, hypot %.1f, fma %.1f\n", std::sqrt(2.0),
		    std::sin(std::acos(-1.0) / 6), std::lgamma(10.0), std::hypot(3.0, 4.0), std::fma(2.0, 3.0, 1.0));
}

int main()
{
	chrono_part();
	random_part();
	containers_part();
	return 0;
}
