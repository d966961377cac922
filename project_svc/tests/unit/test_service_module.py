"""``nameko run project_svc.service`` starts every class in the module that has entrypoints: the mixins the
service inherits (key_positions.KeyPositions …) must not stand there as classes of their own."""

from nameko.cli.run import import_service


def test_nameko_run_finds_the_one_service_of_the_module():
    assert [service.name for service in import_service("project_svc.service")] == ["project_svc"]


def test_no_part_of_the_service_hides_a_method_of_another():
    """The service class and its mixins are one class at run time: a helper of the same name in two of them
    (``_page``) silently answers for both."""
    from project_svc.service import ProjectService

    parts = [part for part in ProjectService.__mro__ if part.__module__.startswith("project_svc.")]
    owners = {}
    for part in parts:
        for name, value in vars(part).items():
            if callable(value) and not name.startswith("__"):
                owners.setdefault(name, []).append(part.__name__)
    assert {name: where for name, where in owners.items() if len(where) > 1} == {}
