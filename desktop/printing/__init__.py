"""Qt-free print engine: plain rows in, reportlab PDFs out (DESIGN.md "What it prints")."""
