// replaced as the tokenizers library grows
