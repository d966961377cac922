"""employment_svc — enterprises (用人单位 and the other participating units) and employment relations (聘用关系)."""
