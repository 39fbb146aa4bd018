#include "compare_tokenizer_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "model_display_name.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

std::vector<TokenizerChoice> recentTokenizerChoices(const QStringList& recentModels, const QString& current,
                                                    const std::function<QString(const QString&)>& tokenizerOf) {
  std::vector<TokenizerChoice> out;
  QStringList seen{QFileInfo(current).absoluteFilePath()};
  for (const QString& model : recentModels) {
    QString path = tokenizerOf ? tokenizerOf(model) : QString();
    if (path.isEmpty()) {
      try {
        path = QString::fromStdString(findTokenizerPath(model.toStdString()));
      } catch (const std::exception&) {
        continue;  // moved or deleted since: not offered
      }
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!QFileInfo::exists(path) || seen.contains(absolute)) continue;
    seen << absolute;
    out.push_back({modelDisplayName(model), path});
  }
  return out;
}

CompareTokenizerDialog::CompareTokenizerDialog(const std::vector<TokenizerChoice>& choices, bool comparing, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Compare tokenizers"));
  auto* intro = new QLabel(
      tr("<p>The Tokens view can split the same prompt with a second tokenizer, side by side, so you can see how "
         "differently two models read the same text and how many tokens each needs (fewer tokens per byte: a "
         "vocabulary that fits the text better).</p><p>Choose the tokenizer of a model you opened before, or a "
         "tokenizer file of your own: a Hugging Face <b>tokenizer.json</b> or a llama2.c <b>tokenizer.bin</b>.</p>"));
  intro->setWordWrap(true);
  intro->setTextFormat(Qt::RichText);
  list_ = new QListWidget;
  for (const TokenizerChoice& c : choices) {
    auto* item = new QListWidgetItem(tr("%1 — %2").arg(c.modelName, QFileInfo(c.path).fileName()));
    item->setData(Qt::UserRole, c.path);
    item->setToolTip(c.path);
    list_->addItem(item);
  }
  auto* empty = new QLabel(tr("No other model opened recently: use Browse… to choose a tokenizer file."));
  empty->setWordWrap(true);
  empty->setVisible(choices.empty());
  list_->setVisible(!choices.empty());

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  compare_ = buttons->addButton(tr("Compare"), QDialogButtonBox::AcceptRole);
  compare_->setEnabled(false);
  QPushButton* browseButton = buttons->addButton(tr("Browse for a File…"), QDialogButtonBox::ActionRole);
  if (comparing) {
    QPushButton* stop = buttons->addButton(tr("Stop Comparing"), QDialogButtonBox::DestructiveRole);
    connect(stop, &QPushButton::clicked, this, [this] {
      outcome_ = Outcome::Stop;
      accept();
    });
  }
  browse = [this] {
    return QFileDialog::getOpenFileName(this, tr("Choose a tokenizer file"), {},
                                        tr("Tokenizers (tokenizer.json *.json *.bin);;All files (*)"));
  };
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) { compare_->setEnabled(row >= 0); });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { chooseRow(list_->row(item)); });
  connect(compare_, &QPushButton::clicked, this, [this] { chooseRow(list_->currentRow()); });
  connect(browseButton, &QPushButton::clicked, this, [this] {
    const QString path = browse ? browse() : QString();
    if (path.isEmpty()) return;
    chosen_ = path;
    outcome_ = Outcome::Compare;
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(list_, 1);
  layout->addWidget(empty);
  layout->addWidget(buttons);
  resize(520, choices.empty() ? 220 : 360);
}

void CompareTokenizerDialog::chooseRow(int row) {
  if (row < 0 || row >= list_->count()) return;
  chosen_ = list_->item(row)->data(Qt::UserRole).toString();
  outcome_ = Outcome::Compare;
  accept();
}

}  // namespace glassbox
