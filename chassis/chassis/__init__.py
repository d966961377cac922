"""What every service of the platform shares, and nothing more."""
