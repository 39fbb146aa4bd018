#include "word_comparison.h"

#include <QRegularExpression>
#include <cmath>

namespace glassbox {

QStringList promptWords(const QString& text) {
  static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*"));
  QStringList out;
  for (auto it = word.globalMatch(text); it.hasNext();) {
    const QString w = it.next().captured();
    if (!out.contains(w, Qt::CaseInsensitive)) out << w;
  }
  return out;
}

std::vector<int> tokensOfWord(const Encoding& encoding, const QString& text, const QString& word) {
  if (word.trimmed().isEmpty()) return {};
  const QRegularExpression re(QStringLiteral("(?<![\\p{L}\\p{N}])%1(?![\\p{L}\\p{N}])").arg(QRegularExpression::escape(word.trimmed())),
                              QRegularExpression::CaseInsensitiveOption);
  const QRegularExpressionMatch m = re.match(text);
  if (!m.hasMatch()) return {};
  const auto begin = static_cast<std::size_t>(text.left(m.capturedStart()).toUtf8().size());
  const auto end = begin + static_cast<std::size_t>(m.captured().toUtf8().size());
  std::vector<int> out;
  for (std::size_t i = 0; i < encoding.tokens.size(); ++i) {
    const TokenPiece& t = encoding.tokens[i];
    if (t.begin < end && t.end > begin && t.end > t.begin) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<double> meanCosineByLayer(const EmbeddingsData& data, const std::vector<int>& a, const std::vector<int>& b) {
  if (a.empty() || b.empty()) return {};
  for (const std::vector<int>* set : {&a, &b})
    for (int i : *set)
      if (i < 0 || i >= data.size()) return {};
  std::vector<double> out;
  for (const DenseMatrix& m : data.layers) {
    std::vector<double> ma(static_cast<std::size_t>(m.cols)), mb(ma.size());
    for (int i : a)
      for (int c = 0; c < m.cols; ++c) ma[static_cast<std::size_t>(c)] += m.at(i, c);
    for (int i : b)
      for (int c = 0; c < m.cols; ++c) mb[static_cast<std::size_t>(c)] += m.at(i, c);
    double dot = 0, na = 0, nb = 0;
    for (std::size_t c = 0; c < ma.size(); ++c) {
      dot += ma[c] * mb[c];
      na += ma[c] * ma[c];
      nb += mb[c] * mb[c];
    }
    out.push_back(na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0);
  }
  return out;
}

}  // namespace glassbox
