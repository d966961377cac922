"""现场用户授权: a 项目负责人 (the project's or a contract section's) authorises the 劳务员 and 现场用户 of its site
and revokes them (``gateway.site_authorisations``)."""

from flask import g
from flask_smorest import Blueprint

from gateway import site_authorisations
from gateway.auth import SITE, requires
from gateway.database import database
from gateway.project_schemas import SiteAuthorisationFormSchema, SiteAuthorisationSchema

blp = Blueprint("site_authorisations", __name__, url_prefix="/api/v1/site-authorisations",
                description="Site users a project manager authorises (现场用户授权)")


@blp.route("")
@requires(SITE)
@blp.response(200, SiteAuthorisationSchema(many=True))
def list_site_authorisations():
    """The 劳务员 and 现场用户 the calling 项目负责人 authorised, latest first, revoked ones too (``state``);
    403 NOT_PROJECT_MANAGER for any other site account."""
    session = database()
    return site_authorisations.authorisations_of(session, site_authorisations.manager_account(session, g.caller))


@blp.route("", methods=["POST"])
@requires(SITE)
@blp.arguments(SiteAuthorisationFormSchema)
@blp.response(201, SiteAuthorisationSchema)
def authorise_site_user(form):
    """授权: ``{"name": "张三", "phone": "13912345204", "position": "labour_clerk"}`` → a site account of the
    manager's project and enterprise: ``{"username": "sq…", "password": "…", …}``, the password shown this once.
    403 NOT_PROJECT_MANAGER: only a 项目负责人 authorises (an authorised user does not)."""
    session = database()
    manager = site_authorisations.manager_account(session, g.caller)
    return site_authorisations.authorise(session, manager, form)


@blp.route("/<int:authorisation_id>/revoke", methods=["POST"])
@requires(SITE)
@blp.response(200, SiteAuthorisationSchema)
def revoke_site_authorisation(authorisation_id):
    """撤销授权: the user logs in no more, and the token they hold is refused (401 AUTHORISATION_REVOKED);
    404 AUTHORISATION_NOT_FOUND for one the caller did not authorise, 409 AUTHORISATION_ALREADY_REVOKED."""
    session = database()
    manager = site_authorisations.manager_account(session, g.caller)
    return site_authorisations.revoke(session, manager, authorisation_id)
