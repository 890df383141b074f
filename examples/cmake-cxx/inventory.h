// inventory.h: a thread-safe stock count keyed by item name.
#pragma once
#include <map>
#include <mutex>
#include <string>

class Inventory {
public:
	// Parses "name=count"; throws std::invalid_argument for anything else.
	void add(const std::string &entry);
	std::map<std::string, long> snapshot() const;

private:
	mutable std::mutex m_;
	std::map<std::string, long> counts_;
};
