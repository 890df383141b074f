// count.cc: counts lowercase words in an unordered_map, then sorts by count and name.
#include "count.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

std::vector<std::pair<std::string, int>> count_words(std::istream &in)
{
	std::unordered_map<std::string, int> counts;
	std::string word;
	while (in >> word) {
		std::string clean;
		for (unsigned char c : word)
			if (std::isalpha(c))
				clean += static_cast<char>(std::tolower(c));
		if (!clean.empty())
			counts[clean]++;
	}
	std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
	std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
		return a.second != b.second ? a.second > b.second : a.first < b.first;
	});
	return v;
}
