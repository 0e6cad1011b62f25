"""設定: the settings page."""
