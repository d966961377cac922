"""Login accounts from the command line (distributed mode has no sign-up page).

``python -m gateway.accounts create xianchang --role site --project-id 1 --scope-name "某某项目"``
reads the password from standard input.
"""

import argparse
import sys

from sqlalchemy import select

from chassis.caller import ROLES
from gateway.auth import hash_password
from gateway.models import Account


def ensure_account(session, username, password, role, display_name, scope_name,
                   enterprise_id=None, project_id=None, region_code=None) -> tuple[Account, bool]:
    """Creates the account unless one has this user name; returns it and whether it is new."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if role == "enterprise" and enterprise_id is None:
        raise ValueError("an enterprise account must be bound to an enterprise")
    if role == "site" and project_id is None:
        raise ValueError("a site account must be bound to a project")
    account = session.scalar(select(Account).where(Account.username == username))
    if account is not None:
        return account, False
    account = Account(
        username=username,
        password_hash=hash_password(password),
        display_name=display_name,
        role=role,
        scope_name=scope_name,
        enterprise_id=enterprise_id,
        project_id=project_id,
        region_code=region_code,
    )
    session.add(account)
    session.commit()
    return account, True


def main(argv=None):
    parser = argparse.ArgumentParser(description="Manage gateway login accounts")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create an account; the password is read from stdin")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--display-name")
    create.add_argument("--scope-name", required=True)
    create.add_argument("--enterprise-id", type=int)
    create.add_argument("--project-id", type=int)
    create.add_argument("--region-code")
    args = parser.parse_args(argv)

    from gateway.app import create_app

    app = create_app()
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        parser.error("the password must have at least 8 characters")
    with app.app_context():
        session = app.extensions["db"].session()
        _, created = ensure_account(
            session, args.username, password, args.role, args.display_name or args.username,
            args.scope_name, args.enterprise_id, args.project_id, args.region_code,
        )
    print(("created " if created else "already exists: ") + args.username)


if __name__ == "__main__":
    main()
