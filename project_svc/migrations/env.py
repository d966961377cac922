from chassis.migration_env import run_migrations
from project_svc.models import Base

run_migrations(Base.metadata)
