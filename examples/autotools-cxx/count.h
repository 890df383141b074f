// count.h: word frequencies of a stream, most frequent first.
#pragma once
#include <istream>
#include <string>
#include <utility>
#include <vector>

std::vector<std::pair<std::string, int>> count_words(std::istream &in);
