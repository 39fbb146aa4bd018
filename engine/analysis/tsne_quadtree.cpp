#include "analysis/tsne_quadtree.h"

#include <algorithm>
#include <cmath>

namespace glassbox::tsne_detail {
namespace {
constexpr int kMaxDepth = 48;  // beyond this, coincident points share a leaf
}

QuadTree::QuadTree(const std::vector<double>& points) : pts_(points) {
  const int n = static_cast<int>(points.size() / 2);
  double minX = 0, maxX = 0, minY = 0, maxY = 0;
  for (int i = 0; i < n; ++i) {
    const double x = points[2 * i], y = points[2 * i + 1];
    if (i == 0 || x < minX) minX = x;
    if (i == 0 || x > maxX) maxX = x;
    if (i == 0 || y < minY) minY = y;
    if (i == 0 || y > maxY) maxY = y;
  }
  Node root;
  root.cx = 0.5 * (minX + maxX);
  root.cy = 0.5 * (minY + maxY);
  root.half = 0.5 * std::max(maxX - minX, maxY - minY) + 1e-5;
  nodes_.reserve(static_cast<std::size_t>(n) * 3 + 1);
  nodes_.push_back(root);
  for (int i = 0; i < n; ++i) insert(0, i, 0);
  for (auto& node : nodes_) {
    if (node.count > 0) {
      node.mx /= node.count;
      node.my /= node.count;
    }
  }
}

int QuadTree::quadrant(const Node& n, double x, double y) const {
  return (x >= n.cx ? 1 : 0) + (y >= n.cy ? 2 : 0);
}

void QuadTree::subdivide(int node) {
  const int first = static_cast<int>(nodes_.size());
  const Node parent = nodes_[node];
  for (int q = 0; q < 4; ++q) {
    Node c;
    c.half = parent.half * 0.5;
    c.cx = parent.cx + ((q & 1) ? c.half : -c.half);
    c.cy = parent.cy + ((q & 2) ? c.half : -c.half);
    nodes_.push_back(c);
  }
  nodes_[node].child = first;
}

void QuadTree::insert(int node, int p, int depth) {
  const double x = pts_[2 * p], y = pts_[2 * p + 1];
  for (;;) {
    Node& n = nodes_[node];
    n.mx += x;
    n.my += y;
    n.count += 1;
    if (n.child < 0) {
      if (n.count == 1) {
        n.point = p;
        return;
      }
      if (depth >= kMaxDepth) return;  // coincident points: keep them together
      const int old = n.point;
      n.point = -1;
      subdivide(node);  // may reallocate nodes_: no references to n after this
      const Node& fresh = nodes_[node];
      const int oq = quadrant(fresh, pts_[2 * old], pts_[2 * old + 1]);
      Node& oc = nodes_[fresh.child + oq];
      oc.mx += pts_[2 * old];
      oc.my += pts_[2 * old + 1];
      oc.count = 1;
      oc.point = old;
    }
    const Node& cur = nodes_[node];
    node = cur.child + quadrant(cur, x, y);
    ++depth;
  }
}

double QuadTree::repulsion(int i, double theta, double force[2]) const {
  const double x = pts_[2 * i], y = pts_[2 * i + 1];
  double sumQ = 0.0;
  int stack[4 * kMaxDepth + 8];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& n = nodes_[stack[--top]];
    if (n.count == 0) continue;
    const bool leaf = n.child < 0;
    int mass = n.count;
    if (leaf && n.point == i) {
      mass -= 1;  // self (and possibly duplicates, which sit at the same place)
      if (mass == 0) continue;
    }
    const double dx = x - n.mx, dy = y - n.my;
    const double d2 = dx * dx + dy * dy;
    if (leaf || (2.0 * n.half) * (2.0 * n.half) < theta * theta * d2) {
      const double w = 1.0 / (1.0 + d2);
      const double mw = mass * w;
      sumQ += mw;
      force[0] += mw * w * dx;
      force[1] += mw * w * dy;
    } else {
      for (int q = 0; q < 4; ++q) stack[top++] = n.child + q;
    }
  }
  return sumQ;
}

}  // namespace glassbox::tsne_detail
