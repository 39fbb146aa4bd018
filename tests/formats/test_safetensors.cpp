#include <gtest/gtest.h>

#include <cstring>

#include "core/dtype.h"
#include "core/error.h"
#include "core/mapped_file.h"
#include "core/rng.h"
#include "formats/safetensors.h"
#include "formats/test_util.h"

using namespace glassbox;
using glassbox::testing::freshTempDir;
using glassbox::testing::safetensorsBytes;
using glassbox::testing::writeBytes;

namespace {

std::vector<float> readFloats(const TensorRef& t) {
  std::vector<float> out(static_cast<std::size_t>(t.elementCount()));
  convertToFloat(t.dtype, t.data, out.data(), out.size());
  return out;
}

TensorToWrite u16Tensor(std::string name, DType dtype, std::vector<std::int64_t> shape,
                        const std::vector<std::uint16_t>& bits) {
  TensorToWrite t;
  t.name = std::move(name);
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.data.resize(bits.size() * 2);
  for (std::size_t i = 0; i < bits.size(); ++i) {
    t.data[2 * i] = static_cast<std::uint8_t>(bits[i] & 0xff);
    t.data[2 * i + 1] = static_cast<std::uint8_t>(bits[i] >> 8);
  }
  return t;
}

}  // namespace

TEST(Safetensors, RoundTripF32) {
  const auto dir = freshTempDir();
  Rng rng(7);
  std::vector<float> a(3 * 5), b(7), c;
  for (float& x : a) x = static_cast<float>(rng.normal());
  for (float& x : b) x = static_cast<float>(rng.uniform());
  const std::string path = (dir / "m.safetensors").string();
  // Written out of order and with a scalar and an empty tensor, which must survive as well.
  writeSafetensors(path, {f32Tensor("z.bias", {7}, b), f32Tensor("a.weight", {3, 5}, a),
                          f32Tensor("scalar", {}, {2.5f}), f32Tensor("empty", {0, 4}, c)},
                   {{"format", "pt"}});
  auto src = openSafetensors(path);
  ASSERT_EQ(src->tensors().size(), 4u);
  const TensorRef& ta = src->require("a.weight", {3, 5});
  EXPECT_EQ(ta.dtype, DType::F32);
  EXPECT_EQ(ta.byteSize, 60u);
  EXPECT_EQ(readFloats(ta), a);
  EXPECT_EQ(readFloats(src->require("z.bias", {7})), b);
  EXPECT_EQ(src->require("scalar").elementCount(), 1);
  EXPECT_EQ(readFloats(src->require("scalar")), std::vector<float>{2.5f});
  EXPECT_EQ(src->require("empty", {0, 4}).byteSize, 0u);
  EXPECT_EQ(src->totalBytes(), 60u + 28u + 4u);
  EXPECT_EQ(src->fileBytes(), std::filesystem::file_size(path));
  EXPECT_EQ(ta.shapeString(), "[3, 5]");
}

TEST(Safetensors, WriterLayoutIsSortedAlignedAndDeterministic) {
  const auto dir = freshTempDir();
  const std::string p1 = (dir / "1.safetensors").string(), p2 = (dir / "2.safetensors").string();
  writeSafetensors(p1, {f32Tensor("b", {1}, {1.0f}), f32Tensor("a", {2}, {2.0f, 3.0f})});
  writeSafetensors(p2, {f32Tensor("a", {2}, {2.0f, 3.0f}), f32Tensor("b", {1}, {1.0f})});
  auto f1 = MappedFile::open(p1);
  auto f2 = MappedFile::open(p2);
  ASSERT_EQ(f1->size(), f2->size());
  EXPECT_EQ(std::memcmp(f1->data(), f2->data(), f1->size()), 0);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | f1->data()[i];
  EXPECT_EQ((8 + n) % 8, 0u);
  // Data section: a (2 floats) then b (1 float), packed.
  float d[3];
  std::memcpy(d, f1->data() + 8 + n, sizeof d);
  EXPECT_EQ(d[0], 2.0f);
  EXPECT_EQ(d[1], 3.0f);
  EXPECT_EQ(d[2], 1.0f);
  EXPECT_FALSE(std::filesystem::exists(p1 + ".tmp"));
}

TEST(Safetensors, WriterRefusesInconsistentTensors) {
  const auto dir = freshTempDir();
  const std::string p = (dir / "bad.safetensors").string();
  EXPECT_THROW(writeSafetensors(p, {f32Tensor("a", {2, 2}, {1.0f})}), Error);
  EXPECT_THROW(writeSafetensors(p, {f32Tensor("a", {1}, {1.0f}), f32Tensor("a", {1}, {1.0f})}), Error);
  EXPECT_THROW(writeSafetensors(p, {f32Tensor("__metadata__", {1}, {1.0f})}), Error);
  EXPECT_FALSE(std::filesystem::exists(p));
}

TEST(Safetensors, ReadsF16AndBf16) {
  const auto dir = freshTempDir();
  const std::string path = (dir / "half.safetensors").string();
  // Hand-computed encodings: F16 0x3C00 = 1, 0xC000 = -2, 0x3555 ~ 0.33325195, 0x7BFF = 65504;
  // BF16 0x3F80 = 1, 0xC040 = -3, 0x3EAB = 0.333984375, 0x0000 = 0.
  writeSafetensors(path, {u16Tensor("h", DType::F16, {2, 2}, {0x3C00, 0xC000, 0x3555, 0x7BFF}),
                          u16Tensor("b", DType::BF16, {4}, {0x3F80, 0xC040, 0x3EAB, 0x0000}),
                          f32Tensor("f", {1}, {9.0f})});
  auto src = openSafetensors(path);
  const TensorRef& h = src->require("h", {2, 2});
  EXPECT_EQ(h.dtype, DType::F16);
  EXPECT_EQ(h.byteSize, 8u);
  const auto hv = readFloats(h);
  EXPECT_EQ(hv[0], 1.0f);
  EXPECT_EQ(hv[1], -2.0f);
  EXPECT_FLOAT_EQ(hv[2], 0.33325195f);
  EXPECT_EQ(hv[3], 65504.0f);
  const TensorRef& b = src->require("b", {4});
  EXPECT_EQ(b.dtype, DType::BF16);
  EXPECT_EQ(readFloats(b), (std::vector<float>{1.0f, -3.0f, 0.333984375f, 0.0f}));
  EXPECT_EQ(readFloats(src->require("f")), std::vector<float>{9.0f});
}

TEST(Safetensors, AcceptsHandWrittenFileWithMetadataAndPadding) {
  const auto dir = freshTempDir();
  const std::string path = (dir / "hand.safetensors").string();
  float v[2] = {1.5f, -4.0f};
  std::string data(reinterpret_cast<const char*>(v), sizeof v);
  writeBytes(path, safetensorsBytes(R"({"__metadata__":{"format":"pt","x":"y"},)"
                                    R"("w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}   )",
                                    data));
  auto src = openSafetensors(path);
  EXPECT_EQ(src->tensors().size(), 1u);
  EXPECT_EQ(src->find("__metadata__"), nullptr);
  EXPECT_EQ(readFloats(src->require("w", {1, 2})), (std::vector<float>{1.5f, -4.0f}));
}

TEST(Safetensors, RequireNamesMissingTensorAndShapeMismatch) {
  const auto dir = freshTempDir();
  const std::string path = (dir / "m.safetensors").string();
  writeSafetensors(path, {f32Tensor("w", {2}, {1.0f, 2.0f})});
  auto src = openSafetensors(path);
  try {
    src->require("nope", {3});
    FAIL();
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("nope"), std::string::npos) << msg;
    EXPECT_NE(msg.find("m.safetensors"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[3]"), std::string::npos) << msg;
  }
  try {
    src->require("w", {3});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[2]"), std::string::npos) << e.what();
  }
}
