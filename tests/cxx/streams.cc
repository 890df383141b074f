// streams.cc: iostreams: formatted output on cout (widths, precision, bases, booleans), cin,
// stringstream parsing, fstream writing, appending, seeking and reading back files under the
// directory given as argv[1], and reading the file given as argv[2] (a volume in the image).
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

int main(int argc, char **argv)
{
	if (argc < 3) {
		std::cerr << "usage: streams WORKDIR INPUT\n";
		return 2;
	}
	std::cout << "int " << 42 << " hex " << std::hex << 255 << " oct " << std::oct << 8 << std::dec
		  << " showbase " << std::showbase << std::hex << 255 << std::noshowbase << std::dec << "\n";
	std::cout << "fixed " << std::fixed << std::setprecision(3) << 3.14159265 << " sci " << std::scientific
		  << 12345.678 << std::defaultfloat << " default " << 0.1 + 0.2 << "\n";
	std::cout << "[" << std::setw(8) << "right" << "][" << std::left << std::setw(8) << "left" << std::right
		  << "][" << std::setfill('*') << std::setw(6) << 42 << std::setfill(' ') << "]\n";
	std::cout << std::boolalpha << true << " " << false << std::noboolalpha << " " << true << "\n";
	std::cout << "long double " << std::setprecision(18) << 1.0L / 3 << std::setprecision(6) << "\n";

	// stdin: numbers, then a line.
	int a = 0, b = 0, c = 0;
	std::string word, line;
	std::cin >> a >> b >> c >> word;
	std::getline(std::cin >> std::ws, line);
	std::cout << "cin: " << a + b + c << " '" << word << "' '" << line << "'\n";

	std::istringstream in("10 20.5 thirty 0x1f");
	int i10;
	double d;
	std::string s;
	in >> i10 >> d >> s;
	int h;
	in >> std::hex >> h;
	std::cout << "istringstream: " << i10 << " " << d << " " << s << " " << h << " eof " << in.eof() << "\n";
	std::istringstream bad("notanumber");
	int x = 7;
	bad >> x;
	std::cout << "failed parse: fail " << bad.fail() << " value " << x << "\n";
	std::ostringstream os;
	os << "pi=" << std::setprecision(4) << 3.14159 << ";" << std::setw(5) << 7;
	std::cout << "ostringstream: " << os.str() << "\n";

	std::string dir = argv[1];
	mkdir(dir.c_str(), 0755);
	std::string path = dir + "/data.txt";
	{
		std::ofstream out(path);
		if (!out) {
			std::cerr << "cannot create " << path << "\n";
			return 1;
		}
		for (int n = 1; n <= 5; n++)
			out << "line " << n << " square " << n * n << "\n";
	}
	{
		std::ofstream app(path, std::ios::app);
		app << "appended\n";
	}
	{
		std::ifstream rd(path);
		std::vector<std::string> lines;
		while (std::getline(rd, line))
			lines.push_back(line);
		std::cout << "read back " << lines.size() << " lines, last '" << lines.back() << "'\n";
	}
	{
		std::fstream rw(path, std::ios::in | std::ios::out);
		rw.seekp(0);
		rw << "LINE";
		rw.seekg(0, std::ios::end);
		std::cout << "size by seekg " << rw.tellg() << "\n";
		rw.seekg(0);
		std::getline(rw, line);
		std::cout << "first line now '" << line << "'\n";
	}
	{
		std::ofstream bin(dir + "/bytes.bin", std::ios::binary);
		for (int n = 0; n < 256; n++)
			bin.put(static_cast<char>(n));
	}
	{
		std::ifstream bin(dir + "/bytes.bin", std::ios::binary);
		std::vector<char> buf((std::istreambuf_iterator<char>(bin)), std::istreambuf_iterator<char>());
		long sum = 0;
		for (char ch : buf)
			sum += static_cast<unsigned char>(ch);
		std::cout << "binary file " << buf.size() << " bytes, sum " << sum << "\n";
	}
	std::ifstream missing(dir + "/does-not-exist");
	std::cout << "missing file opens: " << (missing ? "yes" : "no") << "\n";

	std::ifstream input(argv[2]);
	int words = 0, lines_in = 0;
	while (std::getline(input, line)) {
		lines_in++;
		std::istringstream ws(line);
		while (ws >> word)
			words++;
	}
	std::cout << "input file: " << lines_in << " lines, " << words << " words\n";
	std::cerr << "this goes to cerr\n";
	std::clog << "this goes to clog\n";
	return 0;
}
