// objects.cc: RTTI (dynamic_cast down, across and through virtual bases, typeid and demangled names,
// bad_cast, bad_typeid) and a virtual-heavy program: an expression tree evaluated through virtual
// calls and a visitor, with a checksum over a million virtual calls.
#include <cxxabi.h>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <vector>

static std::string demangle(const char *mangled)
{
	int status = 0;
	char *s = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
	std::string r = status == 0 ? s : mangled;
	std::free(s);
	return r;
}

namespace geo {
struct Shape {
	virtual ~Shape() { std::printf("~Shape\n"); }
	virtual double area() const = 0;
	virtual std::string name() const { return "shape"; }
};
struct Named {
	virtual ~Named() = default;
	virtual std::string label() const = 0;
};
struct Rect : Shape, Named {
	double w, h;
	Rect(double w_, double h_) : w(w_), h(h_) {}
	~Rect() override { std::printf("~Rect\n"); }
	double area() const override { return w * h; }
	std::string name() const override { return "rect"; }
	std::string label() const override { return "rect " + std::to_string(static_cast<int>(w)) + "x" + std::to_string(static_cast<int>(h)); }
};
struct Square final : Rect {
	explicit Square(double s) : Rect(s, s) {}
	~Square() override { std::printf("~Square\n"); }
	std::string name() const override { return "square"; }
};
struct Circle : Shape {
	double r;
	explicit Circle(double r_) : r(r_) {}
	~Circle() override { std::printf("~Circle\n"); }
	double area() const override { return 3.0 * r * r; }
};
template <typename T> struct Box { T value; };
} // namespace geo

// A diamond through virtual bases.
struct Base { virtual ~Base() = default; int id = 7; };
struct Left : virtual Base {};
struct Right : virtual Base {};
struct Diamond : Left, Right {};

// Expression tree with virtual evaluation and a visitor.
struct Num;
struct Add;
struct Mul;
struct Visitor {
	virtual ~Visitor() = default;
	virtual void visit(const Num &) = 0;
	virtual void visit(const Add &) = 0;
	virtual void visit(const Mul &) = 0;
};
struct Expr {
	virtual ~Expr() = default;
	virtual long eval(long x) const = 0;
	virtual void accept(Visitor &v) const = 0;
};
struct Num : Expr {
	long v;
	explicit Num(long v_) : v(v_) {}
	long eval(long) const override { return v; }
	void accept(Visitor &vis) const override { vis.visit(*this); }
};
struct Var : Num {
	Var() : Num(0) {}
	long eval(long x) const override { return x; }
};
struct Add : Expr {
	std::unique_ptr<Expr> a, b;
	Add(std::unique_ptr<Expr> a_, std::unique_ptr<Expr> b_) : a(std::move(a_)), b(std::move(b_)) {}
	long eval(long x) const override { return a->eval(x) + b->eval(x); }
	void accept(Visitor &vis) const override { vis.visit(*this); }
};
struct Mul : Expr {
	std::unique_ptr<Expr> a, b;
	Mul(std::unique_ptr<Expr> a_, std::unique_ptr<Expr> b_) : a(std::move(a_)), b(std::move(b_)) {}
	long eval(long x) const override { return a->eval(x) * b->eval(x) % 1000003; }
	void accept(Visitor &vis) const override { vis.visit(*this); }
};
struct Counter : Visitor {
	std::unordered_map<std::type_index, int> counts;
	void visit(const Num &n) override { counts[typeid(n)]++; }
	void visit(const Add &e) override { counts[typeid(e)]++; e.a->accept(*this); e.b->accept(*this); }
	void visit(const Mul &e) override { counts[typeid(e)]++; e.a->accept(*this); e.b->accept(*this); }
};

static std::unique_ptr<Expr> build(int depth, int seed)
{
	if (depth == 0) {
		if (seed % 3 == 0)
			return std::make_unique<Var>();
		return std::make_unique<Num>(seed % 10 + 1);
	}
	auto l = build(depth - 1, seed * 7 + 1), r = build(depth - 1, seed * 13 + 5);
	if (seed % 2)
		return std::make_unique<Add>(std::move(l), std::move(r));
	return std::make_unique<Mul>(std::move(l), std::move(r));
}

int main()
{
	{
		std::vector<std::unique_ptr<geo::Shape>> shapes;
		shapes.push_back(std::make_unique<geo::Rect>(2, 3));
		shapes.push_back(std::make_unique<geo::Square>(4));
		shapes.push_back(std::make_unique<geo::Circle>(1));
		for (const auto &s : shapes) {
			std::printf("%s: %s area %.1f", demangle(typeid(*s).name()).c_str(), s->name().c_str(), s->area());
			if (auto *r = dynamic_cast<geo::Rect *>(s.get()))
				std::printf(", is a Rect %gx%g", r->w, r->h);
			if (auto *n = dynamic_cast<geo::Named *>(s.get()))
				std::printf(", cross-cast to Named: %s", n->label().c_str());
			if (dynamic_cast<geo::Square *>(s.get()))
				std::printf(", is a Square");
			std::printf("\n");
		}
		geo::Named *named = dynamic_cast<geo::Named *>(shapes[1].get());
		geo::Shape *back = dynamic_cast<geo::Shape *>(named);
		std::printf("Named -> Shape round trip: %s\n", back == shapes[1].get() ? "same object" : "different");
		std::printf("void* cast gives the complete object: %s\n",
			    dynamic_cast<void *>(named) == static_cast<void *>(static_cast<geo::Square *>(back)) ? "yes" : "no");
		try {
			geo::Circle &c = dynamic_cast<geo::Circle &>(*shapes[0]);
			std::printf("wrong: %f\n", c.r);
		} catch (const std::bad_cast &) {
			std::printf("bad_cast for Rect -> Circle&\n");
		}
		std::printf("destroying shapes\n");
	}

	Diamond d;
	Base *b = static_cast<Left *>(&d);
	std::printf("diamond: Base -> Right %s, id %d, typeid %s\n", dynamic_cast<Right *>(b) ? "ok" : "null",
		    dynamic_cast<Right *>(b)->id, demangle(typeid(*b).name()).c_str());

	std::printf("typeid names: %s | %s | %s | %s\n", demangle(typeid(geo::Box<std::vector<int>>).name()).c_str(),
		    demangle(typeid(int (*)(double, char)).name()).c_str(), demangle(typeid(const char *).name()).c_str(),
		    demangle(typeid(std::string).name()).c_str());
	std::printf("typeid equality: %d %d, before: %d\n", typeid(geo::Rect) == typeid(geo::Rect),
		    typeid(geo::Rect) == typeid(geo::Square), typeid(int).before(typeid(int)));
	try {
		geo::Shape *none = nullptr;
		std::printf("%s\n", typeid(*none).name());
	} catch (const std::bad_typeid &) {
		std::printf("bad_typeid for *nullptr\n");
	}

	auto tree = build(12, 1);
	long sum = 0;
	for (long x = 0; x < 200; x++)
		sum = (sum * 31 + tree->eval(x)) % 1000000007;
	Counter c;
	tree->accept(c);
	std::printf("tree checksum %ld, nodes: Num %d Var %d Add %d Mul %d\n", sum, c.counts[typeid(Num)], c.counts[typeid(Var)],
		    c.counts[typeid(Add)], c.counts[typeid(Mul)]);
	return 0;
}
