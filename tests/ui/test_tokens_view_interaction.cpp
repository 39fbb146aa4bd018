// The Tokens view driven like a person would: compare mode with a second tokenizer, hover linking
// between the prompt editor and the token chips (both directions), and a model folder dropped on the
// window. Expected values come from the engine's tokenizers called directly.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QTest>
#include <QTextBlock>
#include <QUrl>
#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "models/tiny_model.h"
#include "prompt_editor.h"
#include "token_chips_widget.h"
#include "tokenizers/tokenizer.h"
#include "tokens_view.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

const std::string kDefaultModel = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/glassbox-kjv";

void sendMouseMove(QWidget* target, QPoint pos) {
  QMouseEvent move(QEvent::MouseMove, QPointF(pos), QPointF(target->mapToGlobal(pos)), Qt::NoButton, Qt::NoButton,
                   Qt::NoModifier);
  QCoreApplication::sendEvent(target, &move);
}

void sendLeave(QWidget* target) {
  QEvent leave(QEvent::Leave);
  QCoreApplication::sendEvent(target, &leave);
}

// The index of the token whose byte span covers `byte`, or -1.
int tokenCovering(const Encoding& e, std::size_t byte) {
  for (std::size_t i = 0; i < e.tokens.size(); ++i)
    if (byte >= e.tokens[i].begin && byte < e.tokens[i].end) return static_cast<int>(i);
  return -1;
}

class TokensViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::writeTinyGpt2(testing::freshTempDir() / "tiny-gpt2");
    window_ = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*window_, qs(dir_), QString::fromUtf8(kPrompt))) << window_->lastError().toStdString();
    ASSERT_TRUE(testing::waitFor([&] { return tokens().data().text == kPrompt; }));
  }
  TokensView& tokens() { return *window_->tokensView(); }
  std::shared_ptr<const Tokenizer> ownTokenizer() { return window_->engine()->model()->tokenizer; }

  static constexpr const char* kPrompt = "the naïve theme then";
  std::filesystem::path dir_;
  std::unique_ptr<MainWindow> window_;
};

TEST_F(TokensViewTest, CompareModeTokenizesWithTheSecondTokenizerAndFollowsThePrompt) {
  const std::string second = kDefaultModel + "/tokenizer.json";
  if (!std::filesystem::exists(second)) GTEST_SKIP() << "no default model tokenizer at " << second;
  EXPECT_FALSE(tokens().comparing());
  window_->engine()->loadCompareTokenizer(QString::fromStdString(second));  // what the Compare… dialog does
  ASSERT_TRUE(testing::waitFor([&] { return tokens().comparing(); })) << window_->lastError().toStdString();
  const auto reference = Tokenizer::load(second);

  auto checkBothSides = [&](const std::string& text) {
    const Encoding own = ownTokenizer()->encode(text, true);
    const Encoding other = reference->encode(text, true);
    const auto& ownChips = tokens().chips()->chips();
    const auto& otherChips = tokens().compareChips()->chips();
    ASSERT_EQ(ownChips.size(), own.ids.size());
    ASSERT_EQ(otherChips.size(), other.ids.size());
    for (std::size_t i = 0; i < other.ids.size(); ++i) EXPECT_EQ(otherChips[i].id, other.ids[i]) << i;
    for (std::size_t i = 0; i < own.ids.size(); ++i) EXPECT_EQ(ownChips[i].id, own.ids[i]) << i;
    // Count lines: tokens and bytes/token of each side, computed here independently.
    const auto perToken = [&](std::size_t n) { return QString::number(static_cast<double>(text.size()) / n, 'f', 2); };
    EXPECT_TRUE(tokens().countsLine().startsWith(QString("%1 tokens").arg(own.ids.size()))) << tokens().countsLine().toStdString();
    EXPECT_TRUE(tokens().countsLine().contains(perToken(own.ids.size()) + " bytes/token"));
    EXPECT_TRUE(tokens().compareCountsLine().startsWith(QString("%1 tokens").arg(other.ids.size())))
        << tokens().compareCountsLine().toStdString();
    EXPECT_TRUE(tokens().compareCountsLine().contains(perToken(other.ids.size()) + " bytes/token"));
    EXPECT_TRUE(tokens().compareCountsLine().contains("tokenizer.json"));
  };
  checkBothSides(kPrompt);
  // A byte-level tokenizer with 2 merges against a 4,096-token BPE: the second needs far fewer tokens.
  EXPECT_LT(tokens().compareChips()->chips().size(), tokens().chips()->chips().size());
  EXPECT_TRUE(tokens().compareChips()->isVisible());

  // Typing updates both sides.
  const std::string typed = "In the beginning God created the heaven";
  window_->editor()->setPrompt(QString::fromStdString(typed));
  ASSERT_TRUE(testing::waitFor([&] { return tokens().data().text == typed; }));
  checkBothSides(typed);

  // A tokenizer that cannot be read is reported and the comparison stays as it was.
  const auto bad = testing::freshTempDir() / "broken.json";
  { std::ofstream(bad) << "{ \"model\": "; }
  window_->engine()->loadCompareTokenizer(qs(bad));
  ASSERT_TRUE(testing::waitFor([&] { return window_->lastError().contains("broken.json"); })) << window_->lastError().toStdString();
  EXPECT_TRUE(tokens().comparing());
  checkBothSides(typed);

  // Another model ends the comparison (its tokenizer is the new left side).
  const auto other = testing::writeTinyGpt2(testing::freshTempDir() / "other", {}, 9);
  window_->openModel(qs(other));
  ASSERT_TRUE(testing::waitFor([&] { return window_->engine()->model()->modelPath == qs(other); }));
  EXPECT_FALSE(tokens().comparing());
  EXPECT_FALSE(tokens().compareChips()->isVisible());
}

TEST_F(TokensViewTest, HoveringTheEditorHighlightsTheChipUnderTheMouse) {
  PromptEditor* editor = window_->editor();
  const Encoding e = ownTokenizer()->encode(kPrompt, true);
  const QString text = QString::fromUtf8(kPrompt);
  // Hover each character: the chip covering its first byte lights up.
  int checked = 0;
  for (int utf16 = 0; utf16 < text.size(); utf16 += 2) {
    QTextCursor c(editor->document());
    c.setPosition(utf16);
    const QRect r = editor->cursorRect(c);
    const QPoint inside(r.x() + 2, r.center().y());  // just right of the gap before the character
    sendMouseMove(editor->viewport(), inside);
    const std::size_t byte = text.left(utf16).toUtf8().size();
    EXPECT_EQ(tokens().chips()->highlighted(), tokenCovering(e, byte)) << "character " << utf16;
    ++checked;
  }
  EXPECT_GE(checked, 8);
  sendLeave(editor);
  EXPECT_EQ(tokens().chips()->highlighted(), -1);
}

TEST_F(TokensViewTest, HoveringAChipHighlightsItsTextInTheEditor) {
  PromptEditor* editor = window_->editor();
  const Encoding e = ownTokenizer()->encode(kPrompt, true);
  TokenChipsWidget* chips = tokens().chips();
  ASSERT_EQ(chips->chips().size(), e.tokens.size());
  int whole = 0;
  for (std::size_t i = 0; i < e.tokens.size(); ++i) {
    if (e.tokens[i].partialChar) continue;  // half of "ï": no whole character to select
    sendMouseMove(chips, chips->chipRect(static_cast<int>(i)).center());
    EXPECT_EQ(chips->highlighted(), static_cast<int>(i));
    const auto selections = editor->extraSelections();
    ASSERT_EQ(selections.size(), 1) << "chip " << i;
    const std::string bytes = std::string(kPrompt).substr(e.tokens[i].begin, e.tokens[i].end - e.tokens[i].begin);
    EXPECT_EQ(selections[0].cursor.selectedText(), QString::fromStdString(bytes)) << "chip " << i;
    ++whole;
  }
  EXPECT_GE(whole, 5);
  // The two halves of "ï" each highlight the whole character.
  const auto half = std::find_if(e.tokens.begin(), e.tokens.end(), [](const TokenPiece& t) { return t.partialChar; });
  ASSERT_NE(half, e.tokens.end());
  sendMouseMove(chips, chips->chipRect(static_cast<int>(half - e.tokens.begin())).center());
  ASSERT_EQ(editor->extraSelections().size(), 1);
  EXPECT_EQ(editor->extraSelections()[0].cursor.selectedText(), QString::fromUtf8("ï"));
  sendLeave(chips);
  EXPECT_TRUE(editor->extraSelections().isEmpty());
  EXPECT_EQ(chips->highlighted(), -1);
}

TEST_F(TokensViewTest, DroppingAModelFolderOpensIt) {
  const bool haveDefault = std::filesystem::exists(kDefaultModel + "/model.safetensors");
  const QString target = haveDefault ? QString::fromStdString(kDefaultModel)
                                     : qs(testing::writeTinyGpt2(testing::freshTempDir() / "dropped", {}, 21));
  const QPoint pos = window_->rect().center();

  // Text is not a model: the drag is refused.
  QMimeData text;
  text.setText(QStringLiteral("just words"));
  QDragEnterEvent refused(pos, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(window_.get(), &refused);
  EXPECT_FALSE(refused.isAccepted());

  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(target)});
  QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(window_.get(), &enter);
  EXPECT_TRUE(enter.isAccepted());
  EXPECT_EQ(enter.dropAction(), Qt::CopyAction);
  QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(window_.get(), &drop);
  EXPECT_TRUE(drop.isAccepted());
  ASSERT_TRUE(testing::waitFor([&] {
    const auto m = window_->engine()->model();
    const auto a = window_->engine()->analysis();
    return m && m->modelPath == target && a && a->trace && !window_->engine()->isAnalysing() &&
           tokens().data().encoding.ids == m->tokenizer->encode(kPrompt, true).ids;
  })) << window_->lastError().toStdString();
  // The prompt was kept and re-tokenized by the dropped model's tokenizer.
  EXPECT_EQ(window_->editor()->prompt(), QString::fromUtf8(kPrompt));
  if (haveDefault) EXPECT_LT(tokens().chips()->chips().size(), std::string(kPrompt).size());

  // A folder that holds no model: an error names it, the dropped model stays.
  const auto empty = testing::freshTempDir() / "not-a-model";
  std::filesystem::create_directories(empty);
  QMimeData bad;
  bad.setUrls({QUrl::fromLocalFile(qs(empty))});
  QDragEnterEvent badEnter(pos, Qt::CopyAction, &bad, Qt::LeftButton, Qt::NoModifier);  // Qt drops only after an accepted enter
  QCoreApplication::sendEvent(window_.get(), &badEnter);
  EXPECT_TRUE(badEnter.isAccepted());
  QDropEvent badDrop(QPointF(pos), Qt::CopyAction, &bad, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(window_.get(), &badDrop);
  EXPECT_TRUE(badDrop.isAccepted());
  ASSERT_TRUE(testing::waitFor([&] { return window_->lastError().contains("not-a-model"); })) << window_->lastError().toStdString();
  EXPECT_EQ(window_->engine()->model()->modelPath, target);
}

}  // namespace
}  // namespace glassbox
