"""The platform's services: the one list every tool, test and the gateway read (the gateway comes last)."""

#: in the order they start
PLATFORM_SERVICES = ("identity_svc", "employment_svc", "project_svc", "siteaccess_svc", "attendance_svc")
#: every component with a database of its own and migrations: the services and the gateway
MIGRATED_COMPONENTS = (*PLATFORM_SERVICES, "gateway")
