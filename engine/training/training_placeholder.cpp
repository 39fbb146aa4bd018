// replaced as the training library grows
