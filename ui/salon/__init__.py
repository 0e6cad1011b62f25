"""サロン: salons, sessions and attendance."""
