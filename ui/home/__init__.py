"""ホーム: the overview page."""
