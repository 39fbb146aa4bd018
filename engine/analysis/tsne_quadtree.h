#pragma once
// A 2D Barnes-Hut quadtree for the t-SNE repulsive forces. Internal to engine/analysis.
#include <cstdint>
#include <vector>

namespace glassbox::tsne_detail {

class QuadTree {
 public:
  // points: [N][2] interleaved. Built once per iteration.
  explicit QuadTree(const std::vector<double>& points);

  // Repulsive force on point i: accumulates sum_j w_ij^2 (y_i - y_j) into force[0..1] and returns
  // sum_j w_ij (the contribution to the normaliser Z), w = 1 / (1 + |y_i - y_j|^2), j != i, with
  // far cells summarised by their centre of mass when width / distance < theta.
  double repulsion(int i, double theta, double force[2]) const;

 private:
  struct Node {
    double cx = 0, cy = 0, half = 0;  // cell centre and half-width
    double mx = 0, my = 0;            // centre of mass (sum while building, mean after)
    int count = 0;
    int child = -1;  // index of the first of 4 children, -1 for a leaf
    int point = -1;  // for a leaf: one point in it (duplicates pile up in count)
  };
  void insert(int node, int p, int depth);
  void subdivide(int node);
  int quadrant(const Node& n, double x, double y) const;

  const std::vector<double>& pts_;
  std::vector<Node> nodes_;
};

}  // namespace glassbox::tsne_detail
