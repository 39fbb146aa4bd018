// replaced as the analysis library grows
