// inventory.cc: Inventory::add parses and counts entries under a lock.
#include "inventory.h"

#include <stdexcept>

void Inventory::add(const std::string &entry)
{
	auto eq = entry.find('=');
	if (eq == std::string::npos || eq == 0)
		throw std::invalid_argument("expected name=count, got '" + entry + "'");
	long n = std::stol(entry.substr(eq + 1));
	std::lock_guard<std::mutex> g(m_);
	counts_[entry.substr(0, eq)] += n;
}

std::map<std::string, long> Inventory::snapshot() const
{
	std::lock_guard<std::mutex> g(m_);
	return counts_;
}
