"""要支援者: the disaster-support register."""
