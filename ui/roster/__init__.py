"""名簿: households and people."""
