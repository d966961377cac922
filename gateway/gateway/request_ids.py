"""Every request has an id: the caller's ``X-Request-Id`` when it is sane, else a new one, answered in the same
header. It stamps the gateway's log lines, travels to the services with each RPC call (gateway.rpc) and ends up
in their log lines and in the ``correlation_id`` of the events the request caused (chassis.logs)."""

from flask import g, request

from chassis.logs import bind_request_id, request_id_or_new, unbind_request_id

HEADER = "X-Request-Id"


def init_app(app):
    @app.before_request
    def take_request_id():
        g.request_id = request_id_or_new(request.headers.get(HEADER))
        g.request_id_binding = bind_request_id(g.request_id)

    @app.after_request
    def answer_request_id(response):
        if "request_id" in g:
            response.headers[HEADER] = g.request_id
        return response

    @app.teardown_request
    def forget_request_id(_error):
        if "request_id_binding" in g:
            unbind_request_id(g.pop("request_id_binding"))
