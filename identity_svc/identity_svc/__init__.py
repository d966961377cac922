"""identity_svc — persons and their real-name records (实名登记)."""
