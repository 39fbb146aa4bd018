#pragma once
// t-SNE (van der Maaten & Hinton 2008) into 2D: exact O(N^2) gradient for small N, Barnes-Hut
// (van der Maaten 2014, quadtree, theta ~ 0.5) with sparse nearest-neighbour affinities for large N.
// Shape legend: N = points, C = input dimensions.
#include <cstdint>
#include <functional>
#include <span>

#include "analysis/dense_matrix.h"

namespace glassbox {

enum class TsneMethod { Auto, Exact, BarnesHut };

struct TsneOptions {
  double perplexity = 30.0;        // clamped to (N - 1) / 3 for small N
  int iterations = 1000;
  double learningRate = 0.0;       // <= 0: automatic, max(N / exaggeration / 4, 50) (Belkina et al. 2019)
  double earlyExaggeration = 12.0;
  int exaggerationIterations = 250;
  double initialMomentum = 0.5;
  double finalMomentum = 0.8;
  int momentumSwitchIteration = 250;
  double theta = 0.5;              // Barnes-Hut accuracy: a cell is summarised when width / distance < theta
  TsneMethod method = TsneMethod::Auto;
  int exactUpTo = 500;             // Auto uses the exact gradient up to this many points
  std::uint64_t seed = 1;          // initial layout from glassbox::Rng: same seed -> same picture
  int reportEvery = 10;            // callback period in iterations (the last iteration always reports)
  bool parallel = true;            // gradient over ThreadPool::global(); results do not depend on it
};

// Called every reportEvery iterations with the 1-based iteration count, an estimate of KL(P || Q)
// (with the true, un-exaggerated P) and the current points [N][2] (x, y interleaved). Return false to
// stop; tsne() then returns what it has with cancelled = true. Runs on the thread that called tsne().
using TsneCallback = std::function<bool(int iteration, double kl, std::span<const float> points)>;

struct TsneResult {
  DenseMatrix points;      // [N][2]
  int iterations = 0;      // iterations actually run
  double kl = 0.0;         // KL divergence at the end
  bool cancelled = false;
  bool barnesHut = false;  // which gradient was used
};

// Throws Error when the data is empty or has non-finite values, or the options are out of range.
// Fewer than 2 points give a trivial layout at the origin.
TsneResult tsne(const DenseMatrix& data, const TsneOptions& options = {}, const TsneCallback& callback = {});

// ---- pieces, exposed for tests ----

// Row-conditional affinities p_{j|i} by binary search on the Gaussian precision so that each row's
// perplexity 2^H equals `perplexity`. distances2: [N][M] squared distances to M candidates (self
// excluded by the caller); returns [N][M] rows summing to 1.
DenseMatrix conditionalAffinities(const DenseMatrix& distances2, double perplexity);

// Perplexity 2^H of one probability row (H in bits), for tests.
double perplexityOf(std::span<const float> row);

}  // namespace glassbox
