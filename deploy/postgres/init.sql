-- One database per service (each owns its schema; no cross-database queries).
-- Idempotent: creates only the databases that do not exist yet, so it is safe
-- to run on every start (compose's db-init) or by hand against any server:
--   psql "postgresql://postgres@HOST/postgres" -v ON_ERROR_STOP=1 -f deploy/postgres/init.sql
-- To add a service's database, uncomment its line.
SELECT format('CREATE DATABASE %I', wanted.name)
FROM (VALUES
    ('identity'),
    ('employment'),
    ('project'),
    ('siteaccess'),
    ('attendance'),
    ('gateway')
) AS wanted(name)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = wanted.name)
\gexec
