"""連絡記録: the contact log and follow-ups."""
