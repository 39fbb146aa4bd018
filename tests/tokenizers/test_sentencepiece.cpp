// SentencePiece model files (spiece.model): the protobuf reader on models written by the test with every
// field known, the tokenizer built from them (T5's sentinels and </s> as transformers' T5Tokenizer adds
// them), flan-t5's real spiece.model against its tokenizer.json on the whole conformance corpus, loading
// by content, and hostile files (truncated varints, lengths past the end, nested groups, invalid UTF-8
// pieces, absurd ids, too many pieces).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.h"
#include "core/json_util.h"
#include "spiece_writer.h"
#include "test_helpers.h"
#include "tokenizers/sentencepiece_model.h"
#include "tokenizers/tokenizer.h"

using namespace glassbox;
using namespace glassbox::test;

namespace {

using Ids = std::vector<int>;
const std::string kT5Dir = GLASSBOX_SHARED_DIR "/fixtures/flan-t5-small-tokenizer";

std::string folderWith(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  const auto dir = std::filesystem::temp_directory_path() / ("glassbox_spiece_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, bytes] : files) std::ofstream(dir / file, std::ios::binary) << bytes;
  return dir.string();
}

// The error message of parsing `bytes`, or "" when it parses.
std::string parseError(const std::string& bytes) {
  try {
    tok::parseSentencePieceModel(bytes, "x.model");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(SentencePieceModel, ReadsEveryField) {
  SpModel m = tinyT5Model();
  m.byteFallback = true;
  m.addDummyPrefix = false;
  // Unknown fields of every wire type are skipped, groups included.
  m.extraTrainer = bytesField(999, "ignored") + key(7, 1) + std::string(8, '\x01') + key(77, 3) + varintField(1, 5) + key(77, 4);
  m.extraTop = bytesField(4, bytesField(1, bytesField(1, "self test")));
  const auto p = tok::parseSentencePieceModel(serialize(m), "tiny.model");
  ASSERT_EQ(p.pieces.size(), 10u);
  EXPECT_EQ(p.pieces[4].piece, "\xE2\x96\x81" "a");
  EXPECT_FLOAT_EQ(p.pieces[4].score, -3.0f);
  EXPECT_EQ(p.pieces[0].type, tok::PieceType::Control);
  EXPECT_EQ(p.pieces[2].type, tok::PieceType::Unknown);
  EXPECT_EQ(p.pieces[9].type, tok::PieceType::UserDefined);
  EXPECT_EQ(p.pieces[5].type, tok::PieceType::Normal);
  EXPECT_EQ(p.modelType, 1);
  EXPECT_EQ(p.unkId, 2);
  EXPECT_EQ(p.bosId, -1);  // a negative int32 is a sign-extended 10-byte varint
  EXPECT_EQ(p.eosId, 1);
  EXPECT_EQ(p.padId, 0);
  EXPECT_TRUE(p.byteFallback);
  EXPECT_FALSE(p.addDummyPrefix);
  EXPECT_TRUE(p.removeExtraWhitespaces);
  EXPECT_EQ(p.normalizerName, "nmt_nfkc");
  EXPECT_TRUE(tok::looksLikeSentencePieceModel(serialize(m)));
}

TEST(SentencePieceModel, T5TokenizerFromTheModelAlone) {
  const std::string dir = folderWith("t5", {{"spiece.model", serialize(tinyT5Model())}});
  auto t = Tokenizer::load(dir + "/spiece.model");
  EXPECT_EQ(t->kind(), "Unigram");
  EXPECT_EQ(t->vocabSize(), 110);  // 10 pieces + <extra_id_99> ... <extra_id_0>
  EXPECT_EQ(t->tokenId("<extra_id_0>"), 109);
  EXPECT_EQ(t->tokenId("<extra_id_99>"), 10);
  // "▁ab" beats "▁a" + "b"; "▁c" needs "▁" + "c"; </s> is appended.
  EXPECT_EQ(t->encode("ab c").ids, (Ids{7, 3, 8, 1}));
  EXPECT_EQ(t->encode("ab c", false).ids, (Ids{7, 3, 8}));
  EXPECT_EQ(t->encode("ab<extra_id_0> c<sep>").ids, (Ids{7, 109, 3, 8, 9, 1}));
  EXPECT_EQ(t->encode("").ids, (Ids{1}));
  EXPECT_EQ(t->decode(t->encode("ab c").ids, true), "ab c");
  EXPECT_EQ(t->eosId(), 1);
  EXPECT_EQ(t->padId(), 0);
  EXPECT_EQ(t->unkId(), 2);
  EXPECT_TRUE(t->isSpecial(109));
  EXPECT_FALSE(t->isSpecial(9));  // user-defined pieces are added, not special
  const Encoding pair = t->encodePair("ab", "c");
  EXPECT_EQ(pair.ids, (Ids{7, 1, 3, 8, 1}));
  // tokenizer_config.json sets the sentinel count.
  const std::string few = folderWith("t5_few", {{"spiece.model", serialize(tinyT5Model())},
                                                {"tokenizer_config.json", R"({"tokenizer_class": "T5Tokenizer", "extra_ids": 3})"}});
  auto f = Tokenizer::load(few + "/spiece.model");
  EXPECT_EQ(f->vocabSize(), 13);
  EXPECT_EQ(f->tokenId("<extra_id_0>"), 12);
}

TEST(SentencePieceModel, OtherModelsGetNoT5Additions) {
  SpModel m = tinyT5Model();
  m.pieces[0] = {"<unk>", 0, 2};
  m.pieces[1] = {"<s>", 0, 3};
  m.pieces[2] = {"</s>", 0, 3};
  m.unkId = 0;
  m.bosId = 1;
  m.eosId = 2;
  m.padId = -1;
  auto t = Tokenizer::load(writeTemp("generic.model", serialize(m)));
  EXPECT_EQ(t->vocabSize(), 10);
  EXPECT_EQ(t->encode("ab c").ids, (Ids{7, 3, 8}));  // nothing appended
  EXPECT_EQ(t->encode("<s>ab").ids, (Ids{1, 7}));    // control pieces are special added tokens
  EXPECT_EQ(t->unkId(), 0);
  // Without a dummy prefix the text is not given a leading ▁.
  m.addDummyPrefix = false;
  auto n = Tokenizer::load(writeTemp("noprefix.model", serialize(m)));
  EXPECT_EQ(n->encode("ab").ids, (Ids{6}));
}

TEST(SentencePieceModel, FlanT5SpieceEqualsItsTokenizerJson) {
  if (!std::filesystem::exists(kT5Dir + "/spiece.model")) GTEST_SKIP() << kT5Dir << " is missing (the ../shared fixtures are not here)";
  auto fromJson = Tokenizer::load(kT5Dir + "/tokenizer.json");
  auto fromSpiece = Tokenizer::load(kT5Dir + "/spiece.model");
  ASSERT_EQ(fromSpiece->vocabSize(), 32100);
  ASSERT_EQ(fromJson->vocabSize(), fromSpiece->vocabSize());
  for (int id = 0; id < fromJson->vocabSize(); ++id) {
    ASSERT_EQ(fromJson->tokenRaw(id), fromSpiece->tokenRaw(id)) << id;
    ASSERT_EQ(fromJson->isSpecial(id), fromSpiece->isSpecial(id)) << id;
  }
  const Json corpus = parseJson(readAll(GLASSBOX_SOURCE_DIR "/tests/conformance/corpus.json"), "corpus.json");
  std::size_t mismatches = 0, strings = 0;
  for (const auto& s : corpus.at("strings")) {
    const std::string text = s.at("text").get<std::string>();
    ++strings;
    for (bool special : {true, false}) {
      const Encoding a = fromJson->encode(text, special), b = fromSpiece->encode(text, special);
      if (a.ids != b.ids || fromJson->decode(a.ids) != fromSpiece->decode(b.ids)) {
        ++mismatches;
        ADD_FAILURE() << s.at("id").get<std::string>() << ": spiece.model and tokenizer.json differ";
      }
    }
  }
  std::printf("[spiece] flan-t5 spiece.model vs tokenizer.json: %zu strings, %zu mismatches\n", strings, mismatches);
  // As T5Tokenizer: sentinels count down from the end, </s> closes every text.
  EXPECT_EQ(fromSpiece->tokenId("<extra_id_0>"), 32099);
  EXPECT_EQ(fromSpiece->tokenId("<extra_id_99>"), 32000);
  EXPECT_EQ(fromSpiece->encode("The <extra_id_0> walks in <extra_id_1> park").ids,
            (Ids{37, 3, 32099, 10681, 16, 3, 32098, 2447, 1}));
  EXPECT_EQ(fromSpiece->eosId(), 1);
  EXPECT_EQ(fromSpiece->padId(), 0);
  EXPECT_EQ(fromSpiece->unkId(), 2);
  EXPECT_FALSE(fromSpiece->bosId());
  // A folder with spiece.model and no tokenizer.json finds it.
  const std::string only = folderWith("only_spiece", {{"spiece.model", readAll(kT5Dir + "/spiece.model")},
                                                      {"tokenizer_config.json", readAll(kT5Dir + "/tokenizer_config.json")}});
  EXPECT_EQ(findTokenizerPath(only), only + "/spiece.model");
  EXPECT_EQ(Tokenizer::load(findTokenizerPath(only))->encode("Hello").ids, fromJson->encode("Hello").ids);
}

TEST(SentencePieceModel, LoadChoosesByContent) {
  // Protobuf content under any name is read as a SentencePiece model.
  EXPECT_EQ(Tokenizer::load(writeTemp("renamed.bin", serialize(tinyT5Model())))->kind(), "Unigram");
  // A llama2.c tokenizer.bin whose max_token_length is 10 also starts with byte 0x0A; it stays llama2.c.
  std::string bin;
  auto i32 = [&](std::int32_t v) { bin.append(reinterpret_cast<const char*>(&v), 4); };
  auto f32 = [&](float v) { bin.append(reinterpret_cast<const char*>(&v), 4); };
  i32(10);
  const char* specials[] = {"<unk>", "<s>", "</s>"};
  for (const char* s : specials) f32(0), i32(static_cast<std::int32_t>(std::strlen(s))), bin += s;
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    f32(0), i32(6), bin += name;
  }
  ASSERT_EQ(static_cast<unsigned char>(bin[0]), 0x0A);
  EXPECT_EQ(Tokenizer::load(writeTemp("llama2c_len10.bin", bin))->kind(), "llama2.c");
  EXPECT_FALSE(tok::looksLikeSentencePieceModel(bin));
  EXPECT_FALSE(tok::looksLikeSentencePieceModel("{\"model\": {}}"));
}

TEST(SentencePieceModel, HostileFilesAreRefusedByName) {
  const std::string good = serialize(tinyT5Model());
  // Every truncation of a valid file fails cleanly or parses (a cut between two fields is a valid message).
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::string e = parseError(good.substr(0, n));
    if (!e.empty()) {
      EXPECT_NE(e.find("x.model"), std::string::npos) << e;
    }
  }
  EXPECT_NE(parseError(std::string("\x0A\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01", 12)).find("varint"), std::string::npos);
  EXPECT_NE(parseError(std::string("\x0A\x80", 2)).find("varint runs past"), std::string::npos);
  EXPECT_NE(parseError(key(1, 2) + varint(std::uint64_t{1} << 62) + "abc").find("claims"), std::string::npos);
  EXPECT_NE(parseError(bytesField(1, bytesField(1, "\xC3\x28"))).find("UTF-8"), std::string::npos);
  EXPECT_NE(parseError(bytesField(1, bytesField(1, ""))).find("empty"), std::string::npos);
  EXPECT_NE(parseError(bytesField(1, floatField(2, 1.0f))).find("missing"), std::string::npos);
  EXPECT_NE(parseError(bytesField(1, bytesField(1, "a") + varintField(3, 9))).find("type 9"), std::string::npos);
  EXPECT_NE(parseError(bytesField(1, bytesField(1, "a") + varintField(1, 5))).find("wire type"), std::string::npos);
  EXPECT_NE(parseError(key(1, 7)).find("wire type 7"), std::string::npos);
  EXPECT_NE(parseError(std::string("\x02\x00", 2)).find("field number 0"), std::string::npos);
  EXPECT_NE(parseError(bytesField(2, varintField(3, 1))).find("no pieces"), std::string::npos);
  std::string nested;
  for (int d = 0; d < 40; ++d) nested += key(9, 3);
  EXPECT_NE(parseError(nested).find("nested deeper"), std::string::npos);
  EXPECT_NE(parseError(key(9, 3) + varintField(1, 1)).find("no end"), std::string::npos);
  EXPECT_NE(parseError(key(9, 4)).find("without its start"), std::string::npos);
  SpModel m = tinyT5Model();
  m.unkId = 99999;
  EXPECT_NE(parseError(serialize(m)).find("unk_id 99999"), std::string::npos);
  m = tinyT5Model();
  m.padId = -7;
  EXPECT_NE(parseError(serialize(m)).find("pad_id -7"), std::string::npos);
  m = tinyT5Model();
  m.extraTrainer = varintField(42, std::int64_t{1} << 40);
  EXPECT_NE(parseError(serialize(m)).find("not an int32"), std::string::npos);
  m = tinyT5Model();
  m.pieces.push_back({"b", -1.0f});
  EXPECT_NE(parseError(serialize(m)).find("already defined"), std::string::npos);
  m = tinyT5Model();
  m.pieces[5].score = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(parseError(serialize(m)).find("finite"), std::string::npos);
  // Models this reader cannot express are refused with a hint, not run as Unigram.
  m = tinyT5Model();
  m.modelType = 2;
  try {
    Tokenizer::load(writeTemp("bpe.model", serialize(m)));
    FAIL() << "a BPE SentencePiece model must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("BPE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("hint"), std::string::npos) << e.what();
  }
}

TEST(SentencePieceModel, TooManyPiecesAreRefused) {
  // kMaxSentencePieces + 1 one-byte pieces (4 bytes each on the wire): refused before the parser grows
  // its table past the limit.
  const std::size_t n = tok::kMaxSentencePieces + 1;
  std::string bytes;
  bytes.reserve(n * 4);
  const std::string piece = bytesField(1, bytesField(1, "a"));
  for (std::size_t i = 0; i < n; ++i) bytes += piece;
  EXPECT_NE(parseError(bytes).find("more than"), std::string::npos);
}
