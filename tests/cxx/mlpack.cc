// mlpack.cc: mlpack 4.6 (header-only, on Armadillo and OpenBLAS) trains and evaluates models on a
// data set it generates itself; without LAPACK (mlpack.test) it reports the methods that refuse,
// with -DARMA_USE_LAPACK (mlpack-lapack.test) they train too.
#include <mlpack/core.hpp>
#include <mlpack/methods/linear_regression.hpp>
#include <mlpack/methods/logistic_regression.hpp>
#include <mlpack/methods/naive_bayes.hpp>
#include <mlpack/methods/pca.hpp>
#include <mlpack/methods/random_forest.hpp>

#include <cstdint>
#include <cstdio>
#include <stdexcept>

// The data set comes from this generator, not from <random> or Armadillo's RNG, so that any
// build (image, linux, another libstdc++) sees the same numbers. splitmix64.
static uint64_t rng_state = 20261205;
static uint64_t next_u64()
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
// Uniform in [0, 1) from the top 53 bits: exact, no libm.
static double uniform() { return (double)(next_u64() >> 11) * 0x1.0p-53; }
// Roughly normal (Irwin-Hall, sum of 12 uniforms minus 6): additions only, so bit-identical everywhere.
static double normalish()
{
	double s = 0;
	for (int i = 0; i < 12; i++)
		s += uniform();
	return s - 6.0;
}

static const size_t kFeatures = 4, kTrain = 400, kTest = 200;

// Column-major samples (mlpack's layout: one column a point). The label is a noisy linear rule
// on the features (class 1 when 1.5 x0 - x1 + 0.5 x2 + noise > 0); x3 is pure noise.
static void make_data(arma::mat &x, arma::Row<size_t> &labels, arma::rowvec &target, size_t n)
{
	x.set_size(kFeatures, n);
	labels.set_size(n);
	target.set_size(n);
	for (size_t i = 0; i < n; i++) {
		for (size_t f = 0; f < kFeatures; f++)
			x(f, i) = normalish();
		double score = 1.5 * x(0, i) - x(1, i) + 0.5 * x(2, i) + 0.5 * normalish();
		labels(i) = score > 0 ? 1 : 0;
		target(i) = score;
	}
}

static double accuracy(const arma::Row<size_t> &predicted, const arma::Row<size_t> &truth)
{
	return (double)arma::accu(predicted == truth) / (double)truth.n_elem;
}

// Runs one training that needs LAPACK: prints its result, or the logic_error Armadillo throws
// for a LAPACK routine it was built without.
template <typename Train> static void lapack_probe(const char *what, Train train)
{
	try {
		std::printf("%s: %s\n", what, train().c_str());
	} catch (const std::logic_error &e) {
		std::printf("%s: needs LAPACK: %s\n", what, e.what());
	}
}

int main()
{
	mlpack::RandomSeed(7);
	arma::mat train_x, test_x;
	arma::Row<size_t> train_y, test_y, predicted;
	arma::rowvec train_t, test_t;
	make_data(train_x, train_y, train_t, kTrain);
	make_data(test_x, test_y, test_t, kTest);
	std::printf("data: %zu features, %zu train (%zu of class 1), %zu test (%zu of class 1), checksum %.6f\n",
		kFeatures, kTrain, (size_t)arma::accu(train_y), kTest, (size_t)arma::accu(test_y),
		arma::accu(train_x) + arma::accu(test_x));

	// L-BFGS from ensmallen, gradients through Armadillo's BLAS calls: no LAPACK.
	mlpack::LogisticRegression<> logistic(train_x, train_y, 0.001);
	logistic.Classify(test_x, predicted);
	const arma::rowvec &w = logistic.Parameters();
	std::printf("logistic_regression: accuracy %.4f, parameters %.4f %.4f %.4f %.4f %.4f\n",
		accuracy(predicted, test_y), w(0), w(1), w(2), w(3), w(4));

	mlpack::RandomForest<> forest(train_x, train_y, 2, 20, 5);
	forest.Classify(test_x, predicted);
	std::printf("random_forest: accuracy %.4f, %zu trees\n", accuracy(predicted, test_y), forest.NumTrees());

	mlpack::NaiveBayesClassifier<> bayes(train_x, train_y, 2);
	bayes.Classify(test_x, predicted);
	std::printf("naive_bayes: accuracy %.4f, class 1 mean of x0 %.4f\n", accuracy(predicted, test_y),
		bayes.Means()(0, 1));

	// Least squares solves its normal equations with arma::solve (LAPACK's gesv/posv).
	lapack_probe("linear_regression", [&] {
		mlpack::LinearRegression<> linear(train_x, train_t);
		char text[96];
		std::snprintf(text, sizeof text, "coefficient of x0 %.4f",
			linear.Parameters()(1));
		return std::string(text);
	});
	// PCA's default decomposition is an SVD (LAPACK's gesdd).
	lapack_probe("pca", [&] {
		arma::mat reduced = train_x;
		mlpack::PCA<> pca;
		double kept = pca.Apply(reduced, 2);
		char text[64];
		std::snprintf(text, sizeof text, "variance kept %.4f", kept);
		return std::string(text);
	});
	return 0;
}
