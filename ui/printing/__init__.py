"""印刷: choosing and printing sheets, labels and postcards."""
