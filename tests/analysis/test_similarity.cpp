#include <gtest/gtest.h>

#include "analysis/similarity.h"
#include "core/error.h"

namespace glassbox {
namespace {

TEST(Similarity, NearestByCosineWithTiesByIndex) {
  DenseMatrix rows(5, 2);
  const float v[5][2] = {{1, 0}, {0, 1}, {2, 0}, {1, 1}, {-1, 0}};
  for (int i = 0; i < 5; ++i)
    for (int c = 0; c < 2; ++c) rows.at(i, c) = v[i][c];
  const float q[2] = {3, 0};
  const auto nn = cosineNearest(q, rows, 3);
  ASSERT_EQ(nn.size(), 3u);
  EXPECT_EQ(nn[0].index, 0);  // ties with row 2 (both cosine 1): lower index first
  EXPECT_EQ(nn[1].index, 2);
  EXPECT_EQ(nn[2].index, 3);
  EXPECT_NEAR(nn[2].similarity, 0.70710678f, 1e-6);
  const auto ex = cosineNearest(q, rows, 10, 0);
  ASSERT_EQ(ex.size(), 4u);
  EXPECT_EQ(ex[0].index, 2);
  EXPECT_EQ(ex[3].index, 4);
  EXPECT_NEAR(ex[3].similarity, -1.0f, 1e-6);
}

TEST(Similarity, ZeroVectorsAndSizeMismatch) {
  DenseMatrix rows(2, 2);
  rows.at(1, 0) = 1;
  const float q[2] = {1, 0};
  const auto nn = cosineNearest(q, rows, 2);
  EXPECT_EQ(nn[0].index, 1);
  EXPECT_EQ(nn[1].similarity, 0.0f);
  const float q3[3] = {1, 0, 0};
  EXPECT_THROW(cosineNearest(q3, rows, 1), Error);
}

TEST(Similarity, MatrixIsSymmetricWithUnitDiagonal) {
  DenseMatrix rows(3, 2);
  const float v[3][2] = {{1, 0}, {1, 1}, {0, -2}};
  for (int i = 0; i < 3; ++i)
    for (int c = 0; c < 2; ++c) rows.at(i, c) = v[i][c];
  const DenseMatrix s = cosineSimilarityMatrix(rows);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(s.at(i, i), 1.0f, 1e-6);
  EXPECT_NEAR(s.at(0, 1), 0.70710678f, 1e-6);
  EXPECT_NEAR(s.at(1, 0), s.at(0, 1), 1e-7);
  EXPECT_NEAR(s.at(0, 2), 0.0f, 1e-7);
  EXPECT_NEAR(s.at(1, 2), -0.70710678f, 1e-6);
}

}  // namespace
}  // namespace glassbox
