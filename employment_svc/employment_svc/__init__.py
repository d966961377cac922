"""employment_svc — enterprises (用人单位 and the other participating units); employment comes later."""
