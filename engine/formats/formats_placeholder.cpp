// replaced as the formats library grows
