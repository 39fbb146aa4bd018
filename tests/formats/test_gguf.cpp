// The GGUF reader: every metadata type (arrays of arrays included), versions 2 and 3, the alignment, tensor
// infos with reversed dims, and hostile files (each refused with a message naming the problem).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/quant_blocks.h"
#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "test_util.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

std::shared_ptr<const GgufFile> openBytes(const std::vector<std::uint8_t>& bytes, const std::string& name = "f.gguf") {
  const auto path = freshTempDir() / name;
  testing::writeBytes(path, std::string(bytes.begin(), bytes.end()));
  return GgufFile::open(path.string());
}

// The message of the Error that opening `bytes` throws ("" when it opens).
std::string errorOf(const std::vector<std::uint8_t>& bytes) {
  try {
    openBytes(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

template <class T>
void put(std::vector<std::uint8_t>& out, T v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

void putString(std::vector<std::uint8_t>& out, const std::string& s) {
  put<std::uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

// "GGUF", version, tensor count, metadata count.
std::vector<std::uint8_t> header(std::uint64_t tensors, std::uint64_t kvs, std::uint32_t version = 3) {
  std::vector<std::uint8_t> b = {'G', 'G', 'U', 'F'};
  put(b, version);
  put(b, tensors);
  put(b, kvs);
  return b;
}

TEST(Gguf, EveryMetadataTypeRoundTrips) {
  for (std::uint32_t version : {2u, 3u}) {
    GgufWriter w;
    std::vector<std::uint8_t> p;
    w.addRaw("u8", GgufType::UInt8, {200});
    w.addRaw("i8", GgufType::Int8, {0xFE});
    p.clear(), put<std::uint16_t>(p, 65000), w.addRaw("u16", GgufType::UInt16, p);
    p.clear(), put<std::int16_t>(p, -300), w.addRaw("i16", GgufType::Int16, p);
    w.addUInt32("u32", 4000000000u);
    w.addInt32("i32", -7);
    w.addFloat32("f32", 0.5f);
    w.addBool("bool", true);
    w.addString("str", "héllo");
    p.clear(), put<std::uint64_t>(p, 1ull << 40), w.addRaw("u64", GgufType::UInt64, p);
    p.clear(), put<std::int64_t>(p, -(1ll << 40)), w.addRaw("i64", GgufType::Int64, p);
    p.clear(), put<double>(p, 2.25), w.addRaw("f64", GgufType::Float64, p);
    w.addStringArray("strs", {"a", "", "ccc"});
    w.addFloat32Array("floats", {1.5f, -2.0f});
    w.addInt32Array("ints", {3, -4, 5});
    // An array of two arrays of uint8: [[1, 2], [3]].
    p.clear();
    put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::Array));
    put<std::uint64_t>(p, 2);
    put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::UInt8)), put<std::uint64_t>(p, 2), p.push_back(1), p.push_back(2);
    put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::UInt8)), put<std::uint64_t>(p, 1), p.push_back(3);
    w.addRaw("nested", GgufType::Array, p);
    const auto g = openBytes(w.bytes(version));
    EXPECT_EQ(g->version(), version);
    EXPECT_EQ(g->getInt("u8"), 200);
    EXPECT_EQ(g->getInt("i8"), -2);
    EXPECT_EQ(g->getInt("u16"), 65000);
    EXPECT_EQ(g->getInt("i16"), -300);
    EXPECT_EQ(g->getInt("u32"), 4000000000ll);
    EXPECT_EQ(g->getInt("i32"), -7);
    EXPECT_EQ(g->getFloat("f32"), 0.5);
    EXPECT_EQ(g->getBool("bool"), true);
    EXPECT_EQ(g->getString("str"), "héllo");
    EXPECT_EQ(g->getInt("u64"), 1ll << 40);
    EXPECT_EQ(g->getInt("i64"), -(1ll << 40));
    EXPECT_EQ(g->getFloat("f64"), 2.25);
    const GgufValue* strs = g->getArray("strs", GgufType::String);
    ASSERT_TRUE(strs);
    EXPECT_EQ(strs->strings, (std::vector<std::string_view>{"a", "", "ccc"}));
    EXPECT_EQ(g->getArray("floats", GgufType::Float32)->count, 2u);
    EXPECT_EQ(g->getArray("ints", GgufType::Float32)->elementType, GgufType::Int32);  // numeric arrays of any type
    const GgufValue* nested = g->find("nested");
    ASSERT_TRUE(nested);
    ASSERT_EQ(nested->items.size(), 2u);
    EXPECT_EQ(nested->items[0].raw.size(), 2u);
    EXPECT_EQ(nested->items[1].raw[0], 3);
    EXPECT_FALSE(g->getString("absent"));
    EXPECT_THROW(g->getString("u32"), Error);  // present with another type
  }
}

TEST(Gguf, TensorInfosAlignmentAndReversedDims) {
  GgufWriter w;
  w.setAlignment(64);
  std::vector<float> values(2 * 64);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.01f;
  w.addTensorFrom("weight", DType::Q8_0, {2, 64}, values);
  w.addTensorFrom("bias", DType::F32, {3}, {1.0f, 2.0f, 3.0f});
  const auto g = openBytes(w.bytes());
  EXPECT_EQ(g->alignment(), 64u);
  const GgufTensorInfo* t = g->findTensor("weight");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->dims, (std::vector<std::int64_t>{64, 2}));  // ne0 first
  EXPECT_EQ(t->typeName, "Q8_0");
  EXPECT_EQ(t->bytes, 2 * rowBytes(DType::Q8_0, 64));
  EXPECT_EQ(t->offset % 64, 0u);
  const auto src = g->tensorSource();
  const TensorRef& ref = src->require("weight");
  EXPECT_EQ(ref.shape, (std::vector<std::int64_t>{2, 64}));  // row-major
  EXPECT_EQ(ref.dtype, DType::Q8_0);
  float first[64];
  dequantizeRow(DType::Q8_0, ref.data, first, 64);
  EXPECT_NEAR(first[63], values[63], 0.63f / 127);
  float bias[3];
  std::memcpy(bias, src->require("bias").data, 12);
  EXPECT_EQ(bias[2], 3.0f);
  // Only the mapped names, renamed.
  const auto renamed = g->tensorSource({{"bias", "b.renamed"}});
  EXPECT_TRUE(renamed->find("b.renamed"));
  EXPECT_FALSE(renamed->find("weight"));
}

// One tensor info: name, dims (ne0 first), type, offset; the data section padded to `dataBytes`.
std::vector<std::uint8_t> oneTensor(std::vector<std::uint64_t> dims, std::uint32_t type, std::uint64_t offset, std::size_t dataBytes) {
  auto b = header(1, 0);
  putString(b, "t");
  put<std::uint32_t>(b, static_cast<std::uint32_t>(dims.size()));
  for (auto d : dims) put(b, d);
  put(b, type);
  put(b, offset);
  b.resize((b.size() + 31) / 32 * 32, 0);
  b.resize(b.size() + dataBytes, 0);
  return b;
}

TEST(Gguf, UndecodedTypeIsReadButRefusedByName) {
  const auto b = oneTensor({256}, 16 /* IQ2_XXS */, 0, 66);
  const auto g = openBytes(b);
  EXPECT_EQ(g->tensors()[0].typeName, "IQ2_XXS");
  try {
    g->tensorSource();
    FAIL() << "IQ2_XXS accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("IQ2_XXS, which Glassbox does not decode"), std::string::npos) << e.what();
  }
}

// ---- hostile files ------------------------------------------------------------------------------------

void expectError(const std::vector<std::uint8_t>& bytes, const std::string& fragment) {
  const std::string e = errorOf(bytes);
  EXPECT_NE(e.find(fragment), std::string::npos) << "expected \"" << fragment << "\" in: " << e;
}

TEST(GgufHostile, TruncatedHeader) {
  auto b = header(0, 0);
  for (std::size_t n : {0, 3, 4, 7, 12, 20}) expectError({b.begin(), b.begin() + static_cast<long>(n)}, n < 4 ? "truncated" : "truncated");
  expectError({'G', 'G', 'U', 'X', 3, 0, 0, 0}, "not a GGUF file");
  auto v1 = header(0, 0, 1);
  expectError(v1, "version 1 is not supported");
  auto big = header(0, 0, 0x03000000u);
  expectError(big, "big-endian");
}

TEST(GgufHostile, HugeTensorAndMetadataCounts) {
  expectError(header(1ull << 40, 0), "claims 1099511627776 tensors");
  expectError(header(0, 1ull << 40), "claims 1099511627776 metadata entries");
}

TEST(GgufHostile, StringLengthPastTheEnd) {
  auto b = header(0, 1);
  put<std::uint64_t>(b, 1ull << 50);  // key length
  b.insert(b.end(), {'k', 'e', 'y'});
  b.resize(b.size() + 16, 'x');
  expectError(b, "has length 1125899906842624 but only");
  auto c = header(0, 1);
  putString(c, "general.name");
  put<std::uint32_t>(c, static_cast<std::uint32_t>(GgufType::String));
  put<std::uint64_t>(c, 1000);  // value length past the end
  c.insert(c.end(), {'a', 'b'});
  expectError(c, "string value of general.name has length 1000 but only 2 bytes remain");
}

TEST(GgufHostile, ArrayCountPastTheEnd) {
  auto b = header(0, 1);
  putString(b, "tokenizer.ggml.tokens");
  put<std::uint32_t>(b, static_cast<std::uint32_t>(GgufType::Array));
  put<std::uint32_t>(b, static_cast<std::uint32_t>(GgufType::String));
  put<std::uint64_t>(b, 1ull << 40);
  expectError(b, "claims 1099511627776 string elements");
}

TEST(GgufHostile, ArraysNestedTooDeep) {
  // 10^5 nested arrays of one element each: refused at depth kMaxGgufNesting, without recursing further.
  auto b = header(0, 1);
  putString(b, "deep");
  put<std::uint32_t>(b, static_cast<std::uint32_t>(GgufType::Array));
  for (int d = 0; d < 100000; ++d) {
    put<std::uint32_t>(b, static_cast<std::uint32_t>(GgufType::Array));
    put<std::uint64_t>(b, 1);
  }
  expectError(b, "nests arrays more than 8 deep");
}

TEST(GgufHostile, TensorPastTheEndOrMisaligned) {
  EXPECT_EQ(errorOf(oneTensor({64, 2}, 8, 0, 2 * 68)), "");  // the well-formed twin opens
  expectError(oneTensor({64, 2}, 8, 0, 100), "runs past the end of the data section");
  expectError(oneTensor({64, 2}, 8, 16, 400), "not a multiple of the alignment 32");
  expectError(oneTensor({64, 2}, 8, 1ull << 62, 400), "runs past the end");
  expectError(oneTensor({1ull << 30, 1}, 0, 0, 64), "outside 1..");  // a dimension beyond any model
  expectError(oneTensor({}, 0, 0, 64), "has 0 dimensions");
}

TEST(GgufHostile, UnknownTypeAndPartialBlocks) {
  expectError(oneTensor({32}, 99, 0, 64), "unknown ggml type 99");
  expectError(oneTensor({48, 2}, 2 /* Q4_0 */, 0, 256), "rows of 48 elements, not a whole number of 32-element Q4_0 blocks");
  expectError(oneTensor({100}, 12 /* Q4_K */, 0, 256), "not a whole number of 256-element Q4_K blocks");
}

TEST(GgufHostile, OverlapDuplicatesAndBadAlignment) {
  auto b = header(2, 0);
  for (const char* name : {"a", "b"}) {
    putString(b, name);
    put<std::uint32_t>(b, 1), put<std::uint64_t>(b, 16), put<std::uint32_t>(b, 0), put<std::uint64_t>(b, 0);
  }
  b.resize(256, 0);
  expectError(b, "overlap");
  auto d = header(0, 2);
  for (int k = 0; k < 2; ++k) putString(d, "dup"), put<std::uint32_t>(d, 4), put<std::uint32_t>(d, 1);
  expectError(d, "appears twice");
  GgufWriter w;
  w.addUInt32("general.alignment", 48);
  expectError(w.bytes(), "power of two");
  auto e = header(0, 1);
  putString(e, "flag"), put<std::uint32_t>(e, static_cast<std::uint32_t>(GgufType::Bool)), e.push_back(7);
  expectError(e, "not 0 or 1");
  auto f = header(0, 1);
  putString(f, "x"), put<std::uint32_t>(f, 77), put<std::uint32_t>(f, 0);
  expectError(f, "unknown value type 77");
}

TEST(GgufHostile, MagicCheck) {
  const auto dir = freshTempDir();
  testing::writeBytes(dir / "m.gguf", "GGUF\3");
  EXPECT_TRUE(isGgufFile((dir / "m.gguf").string()));
  testing::writeBytes(dir / "x.bin", "GGU");
  EXPECT_FALSE(isGgufFile((dir / "x.bin").string()));
  EXPECT_FALSE(isGgufFile(dir.string()));
  EXPECT_FALSE(isGgufFile((dir / "absent").string()));
}

}  // namespace
}  // namespace glassbox
