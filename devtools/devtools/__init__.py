"""Development tooling of the platform, never part of a running service: the run modes (``launcher``),
the pytest plugin (``testing``) and synthetic people (``synthetic``)."""
