// The window on a random tiny T5 (flan-t5's vocabulary and tokenizer): the input and output panes, the
// three attention streams in the grid and the head view against an independent trace, the Td x Te
// cross-attention map, greedy generation in the output pane against `glassbox-cli generate`, the
// input tokens an output token attends to, sessions, and the export of every stream.
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "attention_head_view.h"
#include "attention_model_view.h"
#include "cli_common.h"
#include "core/json_util.h"
#include "embeddings_data.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "models/session.h"
#include "models/tiny_model.h"
#include "models/tiny_t5.h"
#include "next_token_view.h"
#include "output_pane.h"
#include "prompt_editor.h"
#include "session_io.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

const std::string kTokenizer = GLASSBOX_SHARED_DIR "/fixtures/flan-t5-small-tokenizer/tokenizer.json";
const QString kInput = QStringLiteral("translate English to German: The house is small.");
const QString kTarget = QStringLiteral("Das Haus");

// A small T5 over flan-t5's whole vocabulary (so the real tokenizer's ids fit), its tokenizer beside it.
std::filesystem::path writeT5Folder(const std::string& name) {
  const auto dir = testing::freshTempDir() / name;
  testing::T5Spec s;
  s.vocab = 32128;
  s.gated = true;
  s.tied = false;
  s.decoderLayers = 3;  // unlike the encoder's 2: each stream keeps its own shape
  testing::writeTinyT5(dir, s, 91);
  std::filesystem::copy_file(kTokenizer, dir / "tokenizer.json");
  return dir;
}

class Seq2SeqWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kTokenizer)) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent: " << kTokenizer;
    dir_ = writeT5Folder("t5");
    window_ = testing::makeWindow();
    window_->setTarget(kTarget);
    ASSERT_TRUE(testing::loadAndAnalyse(*window_, QString::fromStdString(dir_.string()), kInput));
    ASSERT_TRUE(waitForViews());
  }
  bool waitForViews() {
    return testing::waitFor([this] {
      const auto a = window_->engine()->analysis();
      const auto v = window_->engine()->views();
      return a && v && v->id == a->id && window_->attentionStreams().size() == 3;
    });
  }
  // The attention of `stream` shown in the dock, with layer/head chosen.
  void show(AttentionStream stream, int layer, int head) {
    window_->showDock(window_->attentionDock());
    window_->setAttentionStream(stream);
    ASSERT_TRUE(testing::waitFor([&] {
      window_->attentionModelView()->flush();
      return window_->attentionHeadView()->data().stream == stream && window_->attentionModelView()->data().stream == stream;
    }));
    window_->attentionHeadView()->setAggregate(AttentionAggregate::Head);
    window_->attentionHeadView()->setHead(layer, head);
  }
  std::filesystem::path dir_;
  std::unique_ptr<MainWindow> window_;
};

TEST_F(Seq2SeqWindow, NamesTheFamilyAndShowsTheOutputPane) {
  EXPECT_TRUE(window_->encoderDecoder());
  EXPECT_TRUE(window_->outputPane()->isVisible());
  EXPECT_TRUE(window_->attentionStreamBox()->isVisibleTo(window_.get()));
  const auto a = window_->engine()->analysis();
  ASSERT_FALSE(a->decoderIds.empty());
  EXPECT_EQ(a->decoderIds.front(), 0);  // decoder_start_token_id (pad)
  EXPECT_GT(a->decoderIds.size(), 2u);  // "Das Haus" forced
  EXPECT_EQ(a->encoding.ids.back(), 1); // the input ends with </s>
  EXPECT_EQ(a->trace->output().numTokens, static_cast<int>(a->decoderIds.size()));
  EXPECT_EQ(window_->outputPane()->tracedTokens(), static_cast<int>(a->decoderIds.size()));
}

// Every cell of the head view and the grid's data, per stream, equals an independent trace of the
// same input and output, run here on a fresh session.
TEST_F(Seq2SeqWindow, HeatmapCellsOfEachStreamEqualTheTrace) {
  const auto a = window_->engine()->analysis();
  Seq2SeqSession session(a->model);
  Trace trace;
  ForwardOptions options;
  options.trace = &trace;
  session.encode(EncoderInput::fromEncoding(a->encoding), options);
  session.forward(a->decoderIds, options);
  const int te = static_cast<int>(a->encoding.ids.size()), td = static_cast<int>(a->decoderIds.size());
  for (AttentionStream s : {AttentionStream::EncoderSelf, AttentionStream::DecoderSelf, AttentionStream::Cross}) {
    const AttentionMap& want = trace.attentionMap(s);
    for (int layer = 0; layer < want.numLayers; ++layer)
      for (int head = 0; head < want.numHeads; head += 3) {
        show(s, layer, head);
        const AttentionHeadView& view = *window_->attentionHeadView();
        ASSERT_EQ(view.data().numLayers, want.numLayers) << attentionStreamName(s);
        const int rows = s == AttentionStream::EncoderSelf ? te : td, cols = s == AttentionStream::DecoderSelf ? td : te;
        ASSERT_EQ(view.matrix().rows, rows) << attentionStreamName(s);
        ASSERT_EQ(view.matrix().cols, cols) << attentionStreamName(s);
        for (int q = 0; q < rows; ++q)
          for (int k = 0; k < cols; ++k) {
            const double cell = view.cellValue(q, k);
            if (s == AttentionStream::DecoderSelf && k > q) {
              EXPECT_TRUE(std::isnan(cell));  // above the causal diagonal: nothing drawn
              continue;
            }
            EXPECT_NEAR(cell, want.at(layer, head, q, k), 1e-6) << attentionStreamName(s) << " " << layer << "," << head;
            EXPECT_EQ(window_->attentionModelView()->data().weight(layer, head, q, k), want.at(layer, head, q, k));
          }
      }
  }
}

TEST_F(Seq2SeqWindow, CrossAttentionMapHasDecoderRowsAndEncoderColumns) {
  show(AttentionStream::Cross, 1, 2);
  const auto a = window_->engine()->analysis();
  const AttentionData& d = window_->attentionHeadView()->data();
  const int te = static_cast<int>(a->encoding.ids.size()), td = static_cast<int>(a->decoderIds.size());
  ASSERT_NE(te, td);
  EXPECT_EQ(d.numTokens, td);
  EXPECT_EQ(d.numKeys, te);
  EXPECT_EQ(d.tokens.size(), td);
  EXPECT_EQ(d.keyTokens.size(), te);
  EXPECT_EQ(d.tokens.front(), "<pad>");
  EXPECT_EQ(d.keyTokens.back(), "</s>");
  EXPECT_EQ(window_->attentionModelView()->data().numKeys, te);
  // Every cell drawn (no causal mask over the input) and each row a distribution over the input.
  const DenseMatrix& m = window_->attentionHeadView()->matrix();
  for (int q = 0; q < td; ++q) {
    double sum = 0;
    for (int k = 0; k < te; ++k) {
      EXPECT_FALSE(std::isnan(window_->attentionHeadView()->cellValue(q, k)));
      sum += m.at(q, k);
    }
    EXPECT_NEAR(sum, 1.0, 1e-4);
  }
  EXPECT_TRUE(window_->attentionHeadView()->describeCell(td - 1, te - 1).contains("</s>"));
}

// Hovering an output token lights the input tokens it attends to, the most-attended one strongest.
TEST_F(Seq2SeqWindow, HoveringAnOutputTokenHighlightsTheInputItAttendsTo) {
  show(AttentionStream::Cross, 1, 0);
  const auto a = window_->engine()->analysis();
  const int q = 1;
  emit window_->outputPane()->tokenHovered(q);
  const auto selections = window_->editor()->extraSelections();
  ASSERT_FALSE(selections.isEmpty());
  const DenseMatrix& m = window_->attentionHeadView()->matrix();
  int best = 0;
  for (int k = 1; k < m.cols; ++k)
    if (m.at(q, k) > m.at(q, best)) best = k;
  const TokenPiece& piece = a->encoding.tokens[static_cast<std::size_t>(best)];
  const QString input = window_->editor()->prompt();
  double strongest = 0;
  QString strongestText;
  for (const auto& s : selections)
    if (s.format.background().color().alphaF() > strongest) {
      strongest = s.format.background().color().alphaF();
      strongestText = s.cursor.selectedText();
    }
  if (piece.end > piece.begin)
    EXPECT_EQ(strongestText.toStdString(), std::string(input.toStdString(), piece.begin, piece.end - piece.begin));
  emit window_->outputPane()->tokenHovered(-1);
  EXPECT_TRUE(window_->editor()->extraSelections().isEmpty());
}

// The Embeddings view's hidden states are the encoder's, ending with its output vectors (one per input
// token, after the final norm) as an independent encoder run gives them.
TEST_F(Seq2SeqWindow, EmbeddingsProjectTheEncoderOutputVectors) {
  const auto a = window_->engine()->analysis();
  const auto states = window_->engine()->views()->hiddenStates;
  ASSERT_TRUE(states);
  Seq2SeqSession session(a->model);
  session.encode(EncoderInput::fromEncoding(a->encoding));
  const int te = session.encoderTokens(), c = a->model->config().dModel;
  ASSERT_EQ(te, static_cast<int>(a->encoding.ids.size()));
  ASSERT_EQ(states->layers.size(), 2u + 2u);  // embeddings, after layers 0 and 1, the output
  const DenseMatrix& out = states->layers.back();
  ASSERT_EQ(out.rows, te);
  ASSERT_EQ(out.cols, c);
  for (int t = 0; t < te; ++t)
    for (int k = 0; k < c; ++k) EXPECT_NEAR(out.at(t, k), session.encoderHidden()[static_cast<std::size_t>(t) * c + k], 1e-5);
  EXPECT_EQ(states->tokenIds, a->encoding.ids);
}

// The next-token view at an output position is the decoder's distribution there.
TEST_F(Seq2SeqWindow, NextTokenShowsTheDecoderAtTheSelectedOutputPosition) {
  const auto a = window_->engine()->analysis();
  emit window_->outputPane()->tokenClicked(0);
  ASSERT_TRUE(testing::waitFor([&] { return window_->shownPosition() == 0 && window_->nextTokenView()->source().fileStem == "after-output-token-1"; }));
  const std::vector<float> want = a->model->logitsFromHidden(a->trace->output().finalHiddenAt(0));
  const auto got = window_->nextTokenView()->source().logits;
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); i += 997) EXPECT_EQ(got[i], want[i]);
  EXPECT_EQ(window_->nextTokenView()->source().actualId, a->decoderIds[1]);
}

std::string capturedGenerate(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  const int rc = cli::runGenerate(args);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return out;
}

// Greedy generation in the output pane gives `glassbox-cli generate --temperature 0`'s tokens.
TEST_F(Seq2SeqWindow, GreedyGenerationEqualsTheCli) {
  for (const QString& target : {QString(), kTarget}) {
    window_->setTarget(target);
    window_->engine()->analyseNow();
    ASSERT_TRUE(testing::waitFor([&] {
      const auto a = window_->engine()->analysis();
      return a && a->target == target.toStdString() && !window_->engine()->isAnalysing();
    }));
    SamplingSettings s = window_->nextTokenView()->controls()->settings();
    s.sample = false;
    window_->nextTokenView()->controls()->setSettings(s);
    window_->generation()->setMaxNewTokens(10);
    emit window_->outputPane()->generateRequested();
    ASSERT_TRUE(testing::waitFor([&] { return !window_->generation()->isGenerating(); }, 60000));
    std::vector<std::string> args{"--model", dir_.string(), "--prompt", kInput.toStdString(), "--temperature", "0",
                                  "--max-new-tokens", "10", "--json"};
    if (!target.isEmpty()) args.insert(args.end(), {"--target", target.toStdString()});
    const Json j = parseJson(capturedGenerate(args), "generate output");
    const auto& steps = window_->generation()->state().steps;
    ASSERT_EQ(steps.size(), j["steps"].size()) << target.toStdString();
    ASSERT_FALSE(steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].token, j["steps"][i]["token"].get<int>()) << i;
    std::vector<int> prompt = window_->engine()->analysis()->decoderIds;
    EXPECT_EQ(Json(prompt), j["prompt_tokens"]);
    // The pane shows the forced tokens, then the generated ones.
    EXPECT_EQ(window_->outputPane()->chips()->chips().size(), prompt.size() + steps.size());
  }
}

// A new input starts the continuation over (the decoder's tokens alone are the same).
TEST_F(Seq2SeqWindow, ANewInputClearsTheContinuation) {
  window_->generation()->setMaxNewTokens(3);
  emit window_->outputPane()->generateRequested();
  ASSERT_TRUE(testing::waitFor([&] { return !window_->generation()->isGenerating(); }));
  ASSERT_FALSE(window_->generation()->state().steps.empty());
  window_->setPrompt(QStringLiteral("summarize: a different input"));
  window_->engine()->analyseNow();
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = window_->engine()->analysis();
    return a && a->text == "summarize: a different input" && !window_->engine()->isAnalysing();
  }));
  EXPECT_TRUE(window_->generation()->state().steps.empty());
}

TEST_F(Seq2SeqWindow, SessionKeepsTheTargetAndTheAttentionStream) {
  window_->setAttentionStream(AttentionStream::EncoderSelf);
  const SessionData saved = sessionFromJson(sessionToJson(window_->currentSession()), "session");
  EXPECT_EQ(saved.target, kTarget);
  EXPECT_EQ(saved.attentionStream, "encoder-self");
  auto other = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*other, QString::fromStdString(dir_.string()), QStringLiteral("hello")));
  other->applySession(saved);
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = other->engine()->analysis();
    return a && a->target == kTarget.toStdString() && a->text == kInput.toStdString() && !other->engine()->isAnalysing();
  }));
  EXPECT_EQ(other->target(), kTarget);
  EXPECT_EQ(other->outputPane()->targetEdit()->toPlainText(), kTarget);
  EXPECT_EQ(other->attentionStream(), AttentionStream::EncoderSelf);
  EXPECT_EQ(other->attentionStreamBox()->currentData().toInt(), static_cast<int>(AttentionStream::EncoderSelf));
}

// A decoder opened after the T5 gets its usual window back: no output pane, no stream selector, its
// own causal self-attention.
TEST_F(Seq2SeqWindow, ADecoderAfterwardsHasNoOutputPane) {
  const auto gpt2 = testing::writeTinyGpt2(testing::freshTempDir() / "gpt2");
  ASSERT_TRUE(testing::loadAndAnalyse(*window_, QString::fromStdString(gpt2.string()), QStringLiteral("the theme")));
  EXPECT_FALSE(window_->encoderDecoder());
  EXPECT_FALSE(window_->outputPane()->isVisible());
  EXPECT_FALSE(window_->attentionStreamBox()->isVisibleTo(window_.get()));
  EXPECT_TRUE(window_->engine()->analysis()->decoderIds.empty());
  ASSERT_TRUE(testing::waitFor([&] {
    const auto v = window_->engine()->views();
    return v && v->id == window_->engine()->analysis()->id;
  }));
  EXPECT_TRUE(window_->attentionStreams().empty());
  window_->showDock(window_->attentionDock());
  ASSERT_TRUE(testing::waitFor([&] {
    const AttentionData& d = window_->attentionHeadView()->data();
    return d.stream == AttentionStream::Self && d.numTokens > 1;
  }));
  const AttentionHeadView& h = *window_->attentionHeadView();
  EXPECT_TRUE(h.data().causal());
  EXPECT_TRUE(std::isnan(h.cellValue(0, 1)));  // above the diagonal
  EXPECT_FALSE(std::isnan(h.cellValue(1, 0)));
}

// glassbox --model T5 --prompt P --target T --export DIR writes the three streams and their grids.
TEST(Seq2SeqExport, WritesEveryStreamWithItsData) {
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built: " << exe.toStdString();
  if (!std::filesystem::exists(kTokenizer)) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent";
  const auto model = writeT5Folder("exported");
  QTemporaryDir out;
  QProcess p;
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("XDG_CONFIG_HOME", out.filePath("config"));
  p.setProcessEnvironment(env);
  p.start(exe, {"--model", QString::fromStdString(model.string()), "--prompt", kInput, "--target", kTarget, "--export",
                out.filePath("views")});
  ASSERT_TRUE(p.waitForFinished(180000));
  EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  for (const char* name : {"encoder-attention", "decoder-attention", "cross-attention"}) {
    for (const QString& stem : {QString(name), QString(name) + "-heads"}) {
      const QImage png(out.filePath("views/" + stem + ".png"));
      EXPECT_FALSE(png.isNull()) << stem.toStdString();
      EXPECT_GT(png.width(), 200) << stem.toStdString();
      EXPECT_GT(QFileInfo(out.filePath("views/" + stem + ".svg")).size(), 1000) << stem.toStdString();
      EXPECT_TRUE(QFileInfo::exists(out.filePath("views/" + stem + ".json"))) << stem.toStdString();
    }
  }
  QFile f(out.filePath("views/cross-attention.json"));
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QJsonObject cross = QJsonDocument::fromJson(f.readAll()).object();
  EXPECT_EQ(cross["stream"].toString(), "cross");
  EXPECT_EQ(cross["layers"].toInt(), 3);
  const int td = cross["queries"].toInt(), te = cross["keys"].toInt();
  EXPECT_GT(te, td);
  const QJsonArray rows = cross["weights"].toArray()[2].toArray()[1].toArray();
  ASSERT_EQ(rows.size(), td);
  EXPECT_EQ(rows[0].toArray().size(), te);
  EXPECT_EQ(cross["key_tokens"].toArray().last().toString(), "</s>");
  for (const char* view : {"tokens", "next-token", "generation", "model", "embeddings"})
    EXPECT_TRUE(QFileInfo::exists(out.filePath(QStringLiteral("views/%1.png").arg(view)))) << view;
}

}  // namespace
}  // namespace glassbox

namespace glassbox {
namespace {

// With GLASSBOX_T5_PICTURE_DIR set: writes a random T5 in the real flan-t5-small shapes with its
// tokenizer there, to look at the window with `glassbox --model DIR --export ...` (skipped otherwise).
TEST(Seq2SeqPictures, WritesAFlanT5SmallShapedFolder) {
  const QString dir = qEnvironmentVariable("GLASSBOX_T5_PICTURE_DIR");
  if (dir.isEmpty()) GTEST_SKIP() << "GLASSBOX_T5_PICTURE_DIR is not set";
  if (!std::filesystem::exists(kTokenizer)) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent";
  const std::filesystem::path out = dir.toStdString();
  testing::writeTinyT5(out, testing::flanT5SmallSpec(), 5);
  std::filesystem::copy_file(kTokenizer, out / "tokenizer.json", std::filesystem::copy_options::overwrite_existing);
  EXPECT_TRUE(std::filesystem::exists(out / "model.safetensors"));
  // The cross-attention lines (output tokens linked to input tokens), as a picture there.
  auto window = testing::makeWindow();
  window->setTarget(kTarget);
  ASSERT_TRUE(testing::loadAndAnalyse(*window, QString::fromStdString(out.string()), kInput));
  ASSERT_TRUE(testing::waitFor([&] { return window->attentionStreams().size() == 3; }));
  window->showDock(window->attentionDock());
  window->setAttentionStream(AttentionStream::Cross);
  window->attentionHeadView()->setDisplayMode(AttentionHeadView::DisplayMode::Lines);
  window->attentionHeadView()->setHead(3, 1);
  QCoreApplication::processEvents();
  EXPECT_TRUE(window->attentionHeadView()->exportWidget()->grab().save(QString::fromStdString((out / "cross-lines.png").string())));
}

}  // namespace
}  // namespace glassbox
