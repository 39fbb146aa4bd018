// t-SNE speed: Barnes-Hut on a few thousand points, and exact vs Barnes-Hut on a small set.
#include <cstdio>

#include "analysis/tsne.h"
#include "bench.h"
#include "core/rng.h"
#include "core/thread_pool.h"

namespace {

// Ten Gaussian blobs in `dims` dimensions, the shape of real embedding clouds at a coarse level.
glassbox::DenseMatrix blobCloud(int n, int dims) {
  glassbox::Rng rng(17);
  glassbox::DenseMatrix x(n, dims);
  for (int i = 0; i < n; ++i)
    for (int d = 0; d < dims; ++d) x.at(i, d) = static_cast<float>((d % 10 == i % 10 ? 8.0 : 0.0) + rng.normal());
  return x;
}

double timeTsne(const glassbox::DenseMatrix& x, glassbox::TsneMethod method, int iterations, double* kl) {
  glassbox::TsneOptions o;
  o.method = method;
  o.iterations = iterations;
  const double t0 = glassbox::bench::nowSeconds();
  const auto r = glassbox::tsne(x, o);
  *kl = r.kl;
  return glassbox::bench::nowSeconds() - t0;
}

}  // namespace

GLASSBOX_BENCH(tsne, 60) {
  const int n = ctx.quick ? 1000 : 3000, dims = ctx.quick ? 64 : 128;
  const auto big = blobCloud(n, dims);
  for (int threads : ctx.threadCounts) {
    glassbox::ThreadPool::setGlobalThreads(threads);
    double kl = 0;
    const double s = timeTsne(big, glassbox::TsneMethod::BarnesHut, 1000, &kl);
    const std::string key = "tsne_bh_" + std::to_string(n) + "x" + std::to_string(dims) + "_t" + std::to_string(threads);
    ctx.report(key, s, "s", "1000 iterations, KL " + std::to_string(kl));
  }
  const auto small = blobCloud(500, 64);
  double klExact = 0, klBh = 0;
  const double exact = timeTsne(small, glassbox::TsneMethod::Exact, 500, &klExact);
  const double bh = timeTsne(small, glassbox::TsneMethod::BarnesHut, 500, &klBh);
  ctx.report("tsne_exact_500", exact, "s", "500 iterations, KL " + std::to_string(klExact));
  ctx.report("tsne_bh_500", bh, "s", "500 iterations, KL " + std::to_string(klBh));
  ctx.report("tsne_exact_over_bh_500", exact / bh, "x");
}
