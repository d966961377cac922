from chassis.migration_env import run_migrations
from siteaccess_svc.models import Base

run_migrations(Base.metadata)
