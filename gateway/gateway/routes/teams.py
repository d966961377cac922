"""班组管理: an employer's teams, their leaders and members (manual 003 §2.1)."""

from flask_smorest import Blueprint

from gateway.auth import AUTHORITY, ENTERPRISE, requires
from gateway.routes import services
from gateway.schemas import (
    DissolvedTeamSchema,
    ProfileSchema,
    TeamChangesSchema,
    TeamFormSchema,
    TeamPageSchema,
    TeamPlaceSchema,
    TeamQuerySchema,
    TeamSchema,
)

blp = Blueprint("teams", __name__, url_prefix="/api/v1/teams", description="Teams (班组)")
READERS = (ENTERPRISE, AUTHORITY)
team_form = TeamFormSchema()
team_changes = TeamChangesSchema()
team_query = TeamQuerySchema()


@blp.route("")
@requires(*READERS)
@blp.arguments(team_query, location="query")
@blp.response(200, TeamPageSchema)
def list_teams(query):
    """The teams, by name: ``?name=钢筋&kind=workers``; each with its leader and how many are in it."""
    with services() as rpc:
        return rpc.employment_svc.list_teams(team_query.dump(query))


@blp.route("", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(team_form)
@blp.response(201, TeamSchema)
def create_team(team):
    """新建班组: ``{"name": "钢筋一班", "kind": "workers", "trade": "020", "leader_relation_id": 12}``; the
    name is unique within the employer (409 TEAM_NAME_TAKEN); the leader is a confirmed employee, who joins."""
    with services() as rpc:
        return rpc.employment_svc.create_team(team_form.dump(team))


@blp.route("/<int:team_id>", methods=["PATCH"])
@requires(ENTERPRISE)
@blp.arguments(team_changes)
@blp.response(200, TeamSchema)
def update_team(changes, team_id):
    """编辑: any of name, kind, trade, leader (``"leader_relation_id": null``: no leader, who stays a member)."""
    with services() as rpc:
        return rpc.employment_svc.update_team(team_id, team_changes.dump(changes))


@blp.route("/<int:team_id>/members")
@requires(*READERS)
@blp.response(200, ProfileSchema(many=True))
def team_members(team_id):
    """The team's members now, as profiles, by name; the leader's ``is_team_leader`` is true."""
    with services() as rpc:
        return rpc.employment_svc.team_members(team_id)


@blp.route("/<int:team_id>/dissolve", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, DissolvedTeamSchema)
def dissolve_team(team_id):
    """解散 an empty team; 409 TEAM_NOT_EMPTY (with ``member_count``) while anyone is in it."""
    with services() as rpc:
        return rpc.employment_svc.dissolve_team(team_id)


@blp.route("/members/<int:relation_id>", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(TeamPlaceSchema)
@blp.response(200, ProfileSchema)
def move_member(place, relation_id):
    """Moves an employee into a team: ``{"team_id": 4}``, or out of every team: ``{"team_id": null}``; a leader
    who leaves their team stops leading it."""
    with services() as rpc:
        return rpc.employment_svc.move_member(relation_id, place["team_id"])
