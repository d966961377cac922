from flask_smorest import Blueprint

from gateway.auth import ALL_ROLES, AUTHORITY, requires
from gateway.routes import services
from gateway.schemas import PageQuerySchema, ProjectPageSchema, ProjectRegistrationSchema, ProjectSchema

blp = Blueprint("projects", __name__, url_prefix="/api/v1/projects", description="Projects (项目)")


@blp.route("", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(ProjectRegistrationSchema)
@blp.response(201, ProjectSchema)
def create_project(registration):
    """Creates a project (the authority). Example: ``{"registration_number": "3101042026110001",
    "name": "示范花园二期项目", "address": "上海市徐汇区…", "general_contractor_id": 2}``."""
    with services() as rpc:
        return rpc.project_svc.create_project(registration)


@blp.route("")
@requires(*ALL_ROLES)
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, ProjectPageSchema)
def list_projects(query):
    """Projects the caller may see: all (authority), its own (site), those it is general contractor of."""
    with services() as rpc:
        return rpc.project_svc.list_projects(query)


@blp.route("/<int:project_id>")
@requires(*ALL_ROLES)
@blp.response(200, ProjectSchema)
def get_project(project_id):
    with services() as rpc:
        return rpc.project_svc.get_project(project_id)
