"""project_svc — construction projects; declaration, review and assignment come later."""
