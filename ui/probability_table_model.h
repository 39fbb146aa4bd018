#pragma once
// The next-token bars as a table: rank, token, id, probability at T = 1, adjusted probability, and the
// stage that removed the token.
#include <QAbstractTableModel>

#include "next_token_data.h"

namespace glassbox {

class ProbabilityTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Rank, Token, Id, Original, Adjusted, RemovedBy, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  void setData(const NextTokenData& data);
  const NextTokenData& nextTokenData() const { return data_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  NextTokenData data_;
};

}  // namespace glassbox
