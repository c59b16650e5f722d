"""The one access layer: every write service and every read of non-public data declares, next to
its definition, what it needs.

    @guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
    def disclosure_publish(*, user, disclosure, ...): ...

A declaration says three things:

- the action (a `core.roles.Action`), or several (`any_of`), or a function of the call's
  arguments that returns the action (an oversight record's action depends on its board's kind);
- where the action applies (`on`): the name of an argument that is a unit, an organization, or
  an object that carries one (`.organization` first, else `.unit`), several such names (the first
  that is not None), a function of the arguments, or `fetch(Model, "pk")` for a read that is
  handed an id;
- whether the object is private to its scope (the default) or public (`public=True`: a matter put
  to the vote, a recommendation the public follows).

The answer is the same everywhere:

- allowed → the service runs;
- outside the caller's scope, for a private object → `NotFound` (404), exactly the answer for an id
  that does not exist, so that probing ids tells nothing;
- inside the scope but without the right, or a public object → `PermissionDenied` (403).

Scope comes from role grants (core/permissions.py): a grant on a unit reaches the unit and its
subtree; a grant on an organization reaches that organization only. An organization's internal
democracy (Law 10/2022 Arts. 46-82: its disclosures, staff consultations, workplace dialogues and
its inspection board) is reached only by grants on that organization — a commune officer does not
act inside an enterprise — except for the actions named in `roles.UNIT_REACHES_ORGANIZATION`.

Every declaration lands in `REGISTRY` under "<app>.<function>": the permission-matrix test walks it,
and a public service without a declaration (`guard`, or `open_to` for what anyone may do) fails the
layout test. `svc.authorize(user, **kwargs)` runs the same check without the body — pages call it
before showing a form, so that a refused form is never displayed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFound, PermissionDenied
from .permissions import acting_grants, grants_of, is_active_superuser


@dataclass(frozen=True)
class Target:
    """Where an action applies: a unit, or an organization (with its unit)."""

    unit: Any = None
    organization: Any = None

    @property
    def is_empty(self) -> bool:
        return self.unit is None and self.organization is None


def _model_name(obj) -> str:
    meta = getattr(obj, "_meta", None)
    return getattr(meta, "model_name", "") if meta is not None else ""


def target_of(obj) -> Target:
    """The unit or organization an object belongs to (duck-typed: core imports no app)."""
    if obj is None:
        return Target()
    if isinstance(obj, Target):
        return obj
    access_target = getattr(obj, "access_target", None)
    if callable(access_target):
        return target_of(access_target())
    name = _model_name(obj)
    if name == "unit":
        return Target(unit=obj)
    if name == "organization":
        return Target(organization=obj, unit=getattr(obj, "unit", None))
    if getattr(obj, "organization_id", None) is not None:
        return Target(organization=obj.organization, unit=getattr(obj, "unit", None))
    if getattr(obj, "unit_id", None) is not None or getattr(obj, "unit", None) is not None:
        return Target(unit=obj.unit)
    raise TypeError(f"no unit or organization on {obj!r}")


@dataclass(frozen=True)
class fetch:  # noqa: N801 — reads as a declaration: on=fetch(Case, "pk")
    """`on=fetch(Model, "pk")`: the call is handed an id; the object is looked up (missing → 404)."""

    model: Any
    arg: str = "pk"
    select_related: tuple[str, ...] = ("unit", "organization")

    def __call__(self, args: dict):
        value = args.get(self.arg)
        if value is None:
            raise NotFound()
        fields = {f.name for f in self.model._meta.get_fields()}
        related = [r for r in self.select_related if r in fields]
        try:
            return self.model._default_manager.select_related(*related).get(pk=value)
        except (self.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
            raise NotFound() from exc


@dataclass
class Rule:
    name: str
    actions: tuple[str, ...] | Callable[[dict], Any]
    on: Any
    public: bool = False
    user_arg: str = "user"
    func: Any = None
    signature: inspect.Signature | None = None
    doc: str = ""

    def resolve_actions(self, args: dict) -> tuple[str, ...]:
        acts = self.actions(args) if callable(self.actions) else self.actions
        if isinstance(acts, str):
            return (acts,)
        return tuple(acts)

    def resolve_target(self, args: dict) -> Target:
        return target_of(_resolve_on(self.on, args))

    def bind(self, kwargs: dict) -> dict:
        bound = self.signature.bind_partial(**kwargs)
        bound.apply_defaults()
        return dict(bound.arguments)


def _resolve_on(on, args: dict):
    if callable(on) and not isinstance(on, str):
        return on(args)
    names = (on,) if isinstance(on, str) else tuple(on)
    for name in names:
        value = args.get(name)
        if value is not None:
            return value
    return None


@dataclass
class OpenRule:
    """A service anyone may call (a citizen files feedback): declared so the registry is complete."""

    name: str
    reason: str
    func: Any = None


REGISTRY: dict[str, Rule] = {}
OPEN: dict[str, OpenRule] = {}

# Mutation testing: the names of declarations whose check is skipped, as if the declaration had
# been deleted. Only the mutation test (core/tests/test_access_mutation.py) fills it, in its own
# process; nothing outside the tests can.
DISABLED: set[str] = set()


def _rule_name(func) -> str:
    module = func.__module__
    parts = module.split(".")
    app = parts[1] if len(parts) > 1 and parts[0] == "danchu" else parts[0]
    return f"{app}.{func.__name__}"


def decide(user, actions: Iterable[str], target: Target, *, public: bool = False) -> None:
    """Raise NotFound / PermissionDenied unless `user` may take one of `actions` on `target`."""
    actions = tuple(actions)
    if target.is_empty:
        raise NotFound()
    if is_active_superuser(user):
        return
    covering = acting_grants(user, target, actions) if user is not None else []
    if any(ok for _, ok in covering):
        return
    if covering or public:
        raise PermissionDenied()
    raise NotFound()


def allowed(user, actions, target) -> bool:
    try:
        decide(user, (actions,) if isinstance(actions, str) else actions, target_of(target))
    except (NotFound, PermissionDenied):
        return False
    return True


def guard(*actions, on, any_of: Iterable[str] | None = None, public: bool = False) -> Callable:
    """Declare the access rule of a service or selector (see the module's docstring)."""
    if any_of is not None:
        actions = tuple(any_of)
    if len(actions) == 1 and callable(actions[0]) and not isinstance(actions[0], str):
        acts: Any = actions[0]
    else:
        acts = tuple(str(a) for a in actions)
        if not acts:
            raise TypeError("guard() needs an action")

    def decorate(func):
        sig = inspect.signature(func)
        user_arg = "actor" if "actor" in sig.parameters else "user"  # `user` may then name someone else (a member)
        if user_arg not in sig.parameters:
            raise TypeError(f"{func.__qualname__}: a guarded function takes `user` or `actor`")
        rule = Rule(name=_rule_name(func), actions=acts, on=on, public=public, user_arg=user_arg, func=func,
                    signature=sig, doc=(func.__doc__ or "").strip().split("\n")[0])

        def check(args: dict) -> None:
            if rule.name in DISABLED:
                return
            decide(args.get(user_arg), rule.resolve_actions(args), rule.resolve_target(args), public=rule.public)

        @functools.wraps(func)
        def wrapper(*a, **kw):
            args = rule.bind(kw) if not a else dict(sig.bind_partial(*a, **kw).arguments)
            check(args)
            return func(*a, **kw)

        def authorize(**kw) -> None:
            """The same check without running the body (pages call it before showing a form)."""
            check(rule.bind(kw))

        def permits(**kw) -> bool:
            try:
                authorize(**kw)
            except (NotFound, PermissionDenied):
                return False
            return True

        wrapper.authorize = authorize
        wrapper.permits = permits
        wrapper.access_rule = rule
        REGISTRY[rule.name] = rule
        return wrapper

    return decorate


def open_to(reason: str) -> Callable:
    """Declare a service that needs no grant (any visitor, or any signed-in person): say why."""

    def decorate(func):
        name = _rule_name(func)
        OPEN[name] = OpenRule(name, reason, func)
        func.access_open = OPEN[name]
        return func

    return decorate


def rule_for(func) -> Rule | None:
    return getattr(func, "access_rule", None)


@dataclass
class Summary:
    """What `danchu check` and the docs print: one line a declaration."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)


def summary() -> list[tuple[str, str, str]]:
    rows = []
    for name, rule in sorted(REGISTRY.items()):
        acts = "(computed)" if callable(rule.actions) else ", ".join(rule.actions)
        on = rule.on if isinstance(rule.on, str) else getattr(rule.on, "__name__", type(rule.on).__name__)
        rows.append((name, acts, f"{on}{' (public)' if rule.public else ''}"))
    return rows


__all__ = ["OPEN", "REGISTRY", "Target", "allowed", "decide", "fetch", "grants_of", "guard", "open_to",
           "rule_for", "target_of"]
