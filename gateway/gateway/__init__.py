"""gateway — the platform's HTTP face: accounts, scope, API and portals. No business rule lives here."""
