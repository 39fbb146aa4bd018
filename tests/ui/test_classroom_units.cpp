// Pieces of the classroom polish that need no window: model names for titles, English plural forms,
// each byte token's own byte range, the view state of sessions (and hostile files), captions.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "core/error.h"
#include "exportable_view.h"
#include "model_display_name.h"
#include "plural_forms.h"
#include "sampling_controls.h"
#include "session_io.h"
#include "token_text.h"
#include "tokenizers/tokenizer.h"
#include "view_export.h"

namespace glassbox {
namespace {

void write(const QString& path, const QByteArray& bytes) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

TEST(ModelDisplayName, QtFormFallsBackOnlyWhenNothingIsFound) {
  QTemporaryDir tmp;
  const QString hf = tmp.filePath("gpt2-small/hf");
  write(hf + "/config.json", R"({"_name_or_path": "openai-community/gpt2", "model_type": "gpt2"})");
  EXPECT_EQ(modelDisplayName(hf, "fallback"), "gpt2");
  EXPECT_TRUE(isGenericModelFolderName("HF"));
}

TEST(EnglishPluralForms, OneAndMany) {
  EXPECT_EQ(englishPluralForm("%n branch(es)", 1), "%n branch");
  EXPECT_EQ(englishPluralForm("%n branch(es)", 0), "%n branches");
  EXPECT_EQ(englishPluralForm("%n token(s) · %1 characters", 3), "%n tokens · %1 characters");
  EXPECT_TRUE(englishPluralForm("no markers", 2).isEmpty()) << "not ours to translate";
  EnglishPluralForms t;
  EXPECT_TRUE(t.translate("ctx", "%n head(s)", nullptr, -1).isEmpty()) << "without a count: untouched";
  EXPECT_EQ(t.translate("ctx", "%n head(s)", nullptr, 1), "%n head");
}

TEST(OwnByteRanges, EachByteTokenOfACharacterGetsItsOwnByte) {
  const std::string text = "a\xED\x95\x9C" "b";  // a 한 b: 한 is three bytes
  Encoding e;
  auto piece = [](std::string bytes, std::size_t b, std::size_t end, bool partial) {
    TokenPiece p;
    p.bytes = std::move(bytes);
    p.begin = b;
    p.end = end;
    p.partialChar = partial;
    return p;
  };
  // As a byte-level tokenizer reports it: each of the three byte tokens spans the whole character.
  e.tokens = {piece("a", 0, 1, false), piece("\xED", 1, 4, true), piece("\x95", 1, 4, true), piece("\x9C", 1, 4, true),
              piece("b", 4, 5, false)};
  e.ids = {1, 2, 3, 4, 5};
  const auto r = ownByteRanges(e, text);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], (std::pair<std::size_t, std::size_t>{0, 1}));
  EXPECT_EQ(r[1], (std::pair<std::size_t, std::size_t>{1, 2}));
  EXPECT_EQ(r[2], (std::pair<std::size_t, std::size_t>{2, 3}));
  EXPECT_EQ(r[3], (std::pair<std::size_t, std::size_t>{3, 4}));
  EXPECT_EQ(r[4], (std::pair<std::size_t, std::size_t>{4, 5}));
  EXPECT_EQ(byteRangeText(2, 3), "byte 2");
  EXPECT_EQ(byteRangeText(1, 4), "bytes 1–3");
  // Bytes that do not spell the text (a normalising tokenizer): the tokenizer's spans are kept.
  e.tokens[2].bytes = "?";
  EXPECT_EQ(ownByteRanges(e, text)[2], (std::pair<std::size_t, std::size_t>{1, 4}));
}

TEST(ViewStateFile, RoundTripsAndRefusesWhatIsNotAViewState) {
  SessionData s;
  s.prompt = "hello";
  s.view.present = true;
  s.view.frontDocks = {"dock.attention", "dock.tokens"};
  s.view.dockLayout = QByteArray("\x00\x01layout\xff", 9);
  s.view.attentionLayer = 3;
  s.view.attentionHead = 5;
  s.view.attentionAggregate = "rollout";
  s.view.attentionDisplay = "lines";
  s.view.attentionQuery = 7;
  s.view.embeddingsMode = 2;
  s.view.embeddingsLayer = 4;
  s.view.embeddingsLayout = "each_layer";
  s.view.embeddingsPoint = 11;
  s.view.comparedWord = "well";
  s.view.otherSentence = "It is well.";
  s.view.selectedStep = 2;
  s.view.followLatest = false;
  const SessionData r = sessionFromJson(sessionToJson(s), "test");
  const ViewState& v = r.view;
  EXPECT_TRUE(v.present);
  EXPECT_EQ(v.frontDocks, s.view.frontDocks);
  EXPECT_EQ(v.dockLayout, s.view.dockLayout);
  EXPECT_EQ(v.attentionLayer, 3);
  EXPECT_EQ(v.attentionHead, 5);
  EXPECT_EQ(v.attentionAggregate, "rollout");
  EXPECT_EQ(v.attentionDisplay, "lines");
  EXPECT_EQ(v.attentionQuery, 7);
  EXPECT_EQ(v.embeddingsMode, 2);
  EXPECT_EQ(v.embeddingsLayer, 4);
  EXPECT_EQ(v.embeddingsLayout, "each_layer");
  EXPECT_EQ(v.embeddingsPoint, 11);
  EXPECT_EQ(v.comparedWord, "well");
  EXPECT_EQ(v.otherSentence, "It is well.");
  EXPECT_EQ(v.selectedStep, 2);
  EXPECT_FALSE(v.followLatest);

  // An older session has no view state: nothing is changed when it is opened.
  EXPECT_FALSE(sessionFromJson(R"({"glassbox_session": 1, "prompt": "x"})", "old").view.present);
  // Hostile values are clamped or refused with the file's name.
  const ViewState h = viewStateFromJson(QJsonDocument::fromJson(
      R"({"attention": {"layer": -9, "head": 1e12, "aggregate": "<script>"}, "embeddings": {"mode": 99},
          "front_docks": [1, "dock.tokens"], "dock_layout": 5})").object());
  EXPECT_EQ(h.attentionLayer, 0);
  EXPECT_LE(h.attentionHead, 1 << 20);
  EXPECT_EQ(h.attentionAggregate, "head");
  EXPECT_EQ(h.embeddingsMode, 2);
  EXPECT_EQ(h.frontDocks, QStringList{"dock.tokens"});
  EXPECT_TRUE(h.dockLayout.isEmpty());
  try {
    sessionFromJson(R"({"glassbox_session": 1, "view": [1, 2]})", "lesson.glassbox.json");
    FAIL() << "a view that is not an object must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lesson.glassbox.json"), std::string::npos);
  }
}

struct FakeView : ExportableView {
  QString exportName() const override { return "fake"; }
  QString exportTitle() const override { return "Attention of layer 3 · head 5"; }
  QWidget* exportWidget() override { return nullptr; }
  QString csvData() const override { return {}; }
  QJsonValue jsonData() const override { return {}; }
};

TEST(ExportCaption, ViewSettingsModelAndTheStartOfThePrompt) {
  FakeView v;
  ExportContext c;
  c.model = "gpt2";
  c.prompt = QString("The teacher taught the student with the book. ").repeated(5);
  const QString caption = exportCaption(v, c, 40);
  EXPECT_TRUE(caption.startsWith("Attention of layer 3 · head 5\n")) << caption.toStdString();
  EXPECT_TRUE(caption.contains("Model: gpt2"));
  EXPECT_TRUE(caption.contains(QString::fromUtf8("“The teacher taught the student with the…”"))) << caption.toStdString();
  c.caption = false;
  EXPECT_TRUE(exportCaption(v, c).isEmpty());
  EXPECT_EQ(fileStem("After layer 3 (PCA)"), "after-layer-3-pca");
  SamplingSettings s;
  s.params.temperature = 0.8f;
  s.params.topK = 40;
  EXPECT_EQ(samplingSummary(s), "T = 0.80, top-k = 40");
  s.sample = false;
  EXPECT_EQ(samplingSummary(s), "greedy");
}

}  // namespace
}  // namespace glassbox
