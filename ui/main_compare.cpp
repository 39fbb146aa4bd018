// MainWindow: Embeddings ▸ "One word in two sentences". The person picks a word of the prompt and types
// a second sentence that uses it; the worker traces both, the view draws both occurrences bold and
// writes their cosine per layer. Without a usable pair (no word chosen, or the second sentence lacks
// it) the built-in homonym example pair is shown, and the bar says so.
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "embeddings_data.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "main_window.h"
#include "prompt_editor.h"
#include "tool_tip.h"
#include "word_comparison.h"

namespace glassbox {
namespace {

// Point indices of group `group`'s tokens `positions` in the comparison data.
std::vector<int> pointsOf(const EmbeddingsData& d, int group, const std::vector<int>& positions) {
  std::vector<int> out;
  for (int i = 0; i < d.size(); ++i)
    if (d.groups[i] == group && std::find(positions.begin(), positions.end(), d.positions[i]) != positions.end())
      out.push_back(i);
  return out;
}

}  // namespace

QWidget* MainWindow::buildComparisonBar() {
  compareBar_ = new QWidget;
  auto* row = new QHBoxLayout(compareBar_);
  row->setContentsMargins(4, 0, 4, 0);
  compareWord_ = new QComboBox;
  compareWord_->setMinimumContentsLength(10);
  compareWord_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  compareWord_->setToolTip(tr("A word of the prompt"));
  otherSentence_ = new QLineEdit;
  otherSentence_->setPlaceholderText(tr("a second sentence that uses the word"));
  otherSentence_->setToolTip(wrappedToolTip(tr("The word's hidden states in this sentence are compared with those in "
                                               "the prompt; press Enter or Compare.")));
  auto* compare = new QPushButton(tr("Compare"));
  compareNote_ = new QLabel;
  compareNote_->setWordWrap(true);
  auto* wordLabel = new QLabel(tr("Word:"));
  auto* inLabel = new QLabel(tr("in:"));
  row->addWidget(wordLabel);
  row->addWidget(compareWord_);
  row->addWidget(inLabel);
  row->addWidget(otherSentence_, 2);
  row->addWidget(compare);
  row->addWidget(compareNote_, 3);
  connect(compare, &QPushButton::clicked, this, &MainWindow::requestComparison);
  connect(otherSentence_, &QLineEdit::returnPressed, this, &MainWindow::requestComparison);
  connect(compareWord_, &QComboBox::activated, this, [this] { requestComparison(); });
  compareBar_->setVisible(false);
  return compareBar_;
}

void MainWindow::compareWord(const QString& word, const QString& otherSentence) {
  refreshComparedWords();
  const int i = compareWord_->findText(word, Qt::MatchFixedString);
  compareWord_->setCurrentIndex(i);
  otherSentence_->setText(otherSentence);
  if (embMode_->currentIndex() != 2) embMode_->setCurrentIndex(2);  // asks for the comparison
  else requestComparison();
}

// The prompt's words; the chosen one stays while the prompt still has it, else none is chosen.
void MainWindow::refreshComparedWords() {
  const QString current = compareWord_->currentText();
  const QStringList words = promptWords(editor_->prompt());
  QStringList shown;
  for (int i = 0; i < compareWord_->count(); ++i) shown << compareWord_->itemText(i);
  if (shown == words) return;
  const QSignalBlocker block(compareWord_);
  compareWord_->clear();
  compareWord_->addItems(words);
  compareWord_->setCurrentIndex(words.indexOf(current));
}

void MainWindow::requestComparison() {
  if (!engine_->model()) return;
  const QString word = compareWord_->currentText();
  const QString prompt = editor_->prompt().trimmed();
  const QString other = otherSentence_->text().trimmed();
  QStringList pair;
  if (word.isEmpty() || other.isEmpty()) {
    compareNote_->setText(tr("Showing the example “%1” in two senses. Pick a word of the prompt and type a second "
                             "sentence that uses it.").arg(homonymExampleWord()));
  } else if (!promptWords(other).contains(word, Qt::CaseInsensitive)) {
    compareNote_->setText(tr("“%1” is not in the second sentence: showing the example “%2” instead.")
                              .arg(word, homonymExampleWord()));
  } else {
    pair = QStringList{prompt, other};
    compareNote_->clear();
  }
  const QStringList asked = pair.isEmpty() ? homonymExamplePrompts() : pair;
  if (asked == comparedPrompts_ && homonymStates_) {
    embDirty_ = true;
    applyAnalysisViews();
    return;
  }
  comparedPrompts_ = asked;
  engine_->requestHomonymStates(pair);
}

// Which points spell the word in each sentence, from the model's own tokenization of both.
void MainWindow::applyComparison() {
  const auto m = engine_->model();
  const EmbeddingsData& d = emb_->data();
  if (!m || comparedPrompts_.size() != 2 || d.groupNames.mid(1) != comparedPrompts_) return;
  const bool example = comparedPrompts_ == homonymExamplePrompts();
  const QString word = example ? homonymExampleWord() : compareWord_->currentText();
  WordComparison c;
  c.word = word;
  for (int g = 0; g < 2; ++g) {
    const QString& sentence = comparedPrompts_[g];
    try {
      const Encoding e = m->tokenizer->encode(sentence.toStdString(), true);
      (g == 0 ? c.first : c.second) = pointsOf(d, g + 1, tokensOfWord(e, sentence, word));
    } catch (const std::exception&) {
      return;
    }
  }
  emb_->setComparison(c);
}

}  // namespace glassbox
