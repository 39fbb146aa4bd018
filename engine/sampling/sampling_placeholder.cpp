// replaced as the sampling library grows
