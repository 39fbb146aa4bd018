#pragma once
// Tokens ▸ Compare…: says what comparing tokenizers shows and what to choose, offers the tokenizers of
// recently opened models (one click), a file of one's own, and ending the comparison.
#include <QDialog>
#include <functional>
#include <vector>

class QDialogButtonBox;
class QListWidget;
class QPushButton;

namespace glassbox {

struct TokenizerChoice {
  QString modelName;  // what the model is called (modelDisplayName)
  QString path;       // its tokenizer file
};

// The tokenizers of `recentModels` (newest first), skipping `current` and models whose tokenizer
// cannot be found. tokenizerOf(model) gives the remembered tokenizer path or empty.
std::vector<TokenizerChoice> recentTokenizerChoices(const QStringList& recentModels, const QString& current,
                                                    const std::function<QString(const QString&)>& tokenizerOf);

class CompareTokenizerDialog : public QDialog {
  Q_OBJECT
 public:
  enum class Outcome { Cancelled, Compare, Stop };

  CompareTokenizerDialog(const std::vector<TokenizerChoice>& choices, bool comparing, QWidget* parent = nullptr);

  Outcome outcome() const { return outcome_; }
  QString chosenPath() const { return chosen_; }
  QListWidget* list() const { return list_; }
  // What "Browse…" does; replaced in tests (returns the chosen path or empty).
  std::function<QString()> browse;

 private:
  void chooseRow(int row);
  QListWidget* list_ = nullptr;
  QPushButton* compare_ = nullptr;
  Outcome outcome_ = Outcome::Cancelled;
  QString chosen_;
};

}  // namespace glassbox
