from attendance_svc.models import Base
from chassis.migration_env import run_migrations

run_migrations(Base.metadata)
