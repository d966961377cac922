"""siteaccess_svc — who entered and left which site, when, and how they were evaluated (进场 / 退场)."""
