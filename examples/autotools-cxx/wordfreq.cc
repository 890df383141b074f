// wordfreq.cc: wordfreq FILE [N]: the N (default 3) most frequent words of FILE.
#include "count.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv)
{
	if (argc < 2) {
		std::cerr << "usage: wordfreq FILE [N]\n";
		return 2;
	}
	std::ifstream in(argv[1]);
	if (!in) {
		std::cerr << "wordfreq: cannot open " << argv[1] << "\n";
		return 1;
	}
	auto top = count_words(in);
	size_t n = argc > 2 ? std::stoul(argv[2]) : 3;
	std::cout << std::filesystem::path(argv[1]).filename().string() << ": "
		  << std::filesystem::file_size(argv[1]) << " bytes, " << top.size() << " distinct words\n";
	for (size_t i = 0; i < n && i < top.size(); i++)
		std::cout << top[i].first << " " << top[i].second << "\n";
	return 0;
}
