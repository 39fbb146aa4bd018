#include "probability_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace glassbox {

void ProbabilityTableModel::setData(const NextTokenData& data) {
  beginResetModel();
  data_ = data;
  endResetModel();
}

int ProbabilityTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(data_.bars.size());
}

int ProbabilityTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ProbabilityTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const NextTokenBar& b = data_.bars[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case Rank: return index.row() + 1;
      case Token: return b.label;
      case Id: return b.id;
      case Original: return QString::number(b.original * 100.0, 'f', 2) + QLatin1Char('%');
      case Adjusted: return b.removedBy.isEmpty() ? QString::number(b.adjusted * 100.0, 'f', 2) + QLatin1Char('%') : QStringLiteral("—");
      case RemovedBy: return b.removedBy;
      default: return {};
    }
  }
  if (role == Qt::ForegroundRole && !b.removedBy.isEmpty()) return QBrush(QColor(140, 140, 140));
  if (role == Qt::TextAlignmentRole && index.column() != Token && index.column() != RemovedBy)
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::FontRole && b.actual) {
    QFont f;
    f.setBold(true);
    return f;
  }
  return {};
}

QVariant ProbabilityTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case Rank: return tr("#");
    case Token: return tr("Token");
    case Id: return tr("Id");
    case Original: return tr("p (T = 1)");
    case Adjusted: return tr("p adjusted");
    case RemovedBy: return tr("Removed by");
    default: return {};
  }
}

}  // namespace glassbox
