// filesystem.cc: std::filesystem on the directory given as argv[1]: create_directories, file
// sizes, directory_iterator and recursive_directory_iterator (sorted), status, copy, rename,
// resize_file, symlinks, path operations, errors as exceptions and error_codes, remove_all.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

static void write(const fs::path &p, std::size_t n)
{
	std::ofstream(p) << std::string(n, 'x');
}

static std::vector<std::string> listing(const fs::path &root, bool recursive)
{
	std::vector<std::string> names;
	auto add = [&](const fs::directory_entry &e) {
		std::string kind = e.is_symlink() ? "link" : e.is_directory() ? "dir" : e.is_regular_file() ? "file" : "other";
		std::string line = e.path().lexically_relative(root).generic_string() + " " + kind;
		if (kind == "file")
			line += " " + std::to_string(e.file_size());
		names.push_back(line);
	};
	if (recursive)
		for (const auto &e : fs::recursive_directory_iterator(root))
			add(e);
	else
		for (const auto &e : fs::directory_iterator(root))
			add(e);
	std::sort(names.begin(), names.end());
	return names;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		std::fprintf(stderr, "usage: filesystem DIR\n");
		return 2;
	}
	fs::path root = fs::path(argv[1]) / "tree";
	std::printf("create_directories: %d\n", fs::create_directories(root / "a" / "b" / "c"));
	std::printf("again: %d\n", fs::create_directories(root / "a" / "b" / "c"));
	fs::create_directory(root / "empty");
	write(root / "top.txt", 10);
	write(root / "a" / "one.txt", 1000);
	write(root / "a" / "b" / "two.bin", 4096);
	write(root / "a" / "b" / "c" / "deep.txt", 123457);
	fs::create_symlink("a/one.txt", root / "link-to-one");

	std::printf("top level:\n");
	for (const auto &l : listing(root, false))
		std::printf("  %s\n", l.c_str());
	std::printf("recursive:\n");
	for (const auto &l : listing(root, true))
		std::printf("  %s\n", l.c_str());

	std::printf("file_size deep.txt: %ju\n", static_cast<std::uintmax_t>(fs::file_size(root / "a/b/c/deep.txt")));
	std::printf("exists top.txt %d, is_directory a %d, is_regular_file a %d, is_empty empty %d\n", fs::exists(root / "top.txt"),
		    fs::is_directory(root / "a"), fs::is_regular_file(root / "a"), fs::is_empty(root / "empty"));
	std::printf("read_symlink: %s, resolves to a file of %ju bytes\n", fs::read_symlink(root / "link-to-one").c_str(),
		    static_cast<std::uintmax_t>(fs::file_size(root / "link-to-one")));

	fs::copy_file(root / "a/one.txt", root / "copy.txt");
	fs::rename(root / "copy.txt", root / "empty" / "moved.txt");
	fs::resize_file(root / "empty" / "moved.txt", 50);
	std::printf("copied, renamed, resized: %ju bytes, empty is_empty %d\n",
		    static_cast<std::uintmax_t>(fs::file_size(root / "empty/moved.txt")), fs::is_empty(root / "empty"));
	fs::copy(root / "a", root / "a-copy", fs::copy_options::recursive);
	std::printf("recursive copy has %zu entries\n", listing(root / "a-copy", true).size());

	auto perms = fs::status(root / "top.txt").permissions();
	fs::permissions(root / "top.txt", fs::perms::owner_read, fs::perm_options::replace);
	std::printf("permissions now owner_read only: %d\n",
		    fs::status(root / "top.txt").permissions() == fs::perms::owner_read);
	fs::permissions(root / "top.txt", perms);

	fs::path p = "/srv/data/../logs/./app.log";
	std::printf("path: filename %s stem %s extension %s parent %s lexically_normal %s\n", p.filename().c_str(), p.stem().c_str(),
		    p.extension().c_str(), p.parent_path().c_str(), p.lexically_normal().c_str());
	std::printf("relative: %s\n", fs::path("/a/b/c").lexically_relative("/a/d").c_str());

	std::error_code ec;
	std::uintmax_t none = fs::file_size(root / "nope", ec);
	std::printf("file_size of a missing file: error '%s', size %jd\n", ec ? "set" : "none", static_cast<std::intmax_t>(none));
	try {
		fs::create_directory(root / "nope" / "deeper");
		std::printf("created without a parent?\n");
	} catch (const fs::filesystem_error &e) {
		std::printf("filesystem_error: %s\n", e.code() == std::errc::no_such_file_or_directory ? "no such file or directory" : e.code().message().c_str());
	}

	fs::path cwd = fs::current_path();
	fs::current_path(root / "a");
	std::printf("current_path changed: %d\n", fs::equivalent(fs::current_path(), root / "a"));
	fs::current_path(cwd);

	bool removed = fs::remove(root / "top.txt");
	bool again = fs::remove(root / "top.txt");
	std::printf("remove single file: %d, again: %d\n", removed, again);
	std::printf("remove_all removed %ju entries\n", static_cast<std::uintmax_t>(fs::remove_all(root)));
	std::printf("tree exists after remove_all: %d\n", fs::exists(root));
	return 0;
}
