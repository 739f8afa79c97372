"""The daily digest, the way staff hear of their work unless they asked for a message per
case: each staff member gets one message (through the outbox) with a line per desk where
something waits for them: how many cases, and the day the longest-waiting one was submitted.
A scheduled job: built with a context of its own, nobody acting."""

from __future__ import annotations

from domain.pipeline import DESKS, Role, desk_command
from services.context import UseCases
from services.keys import DESK_KEYS
from services.texts import Text
from storage import pipeline, staff
from storage.pipeline import Scope


class Digest(UseCases):
    async def send(self) -> int:
        """Write every staff member's digest; returns how many were written."""
        written = 0
        async with self.uow.transaction() as session:
            desks_of: dict[int, dict[Role, frozenset[str]]] = {}
            for role in DESKS:
                for grant, _user in await staff.people_with(session, role):
                    scopes = desks_of.setdefault(grant.user_id, {})
                    scopes[role] = scopes.get(role, frozenset()) | {grant.scope}
            for user_id, scopes in sorted(desks_of.items()):
                lines = []
                for role, regions in scopes.items():
                    # The list this person's desk shows them (without their own cases).
                    scope = Scope(
                        DESKS[role],
                        user_id,
                        regions=regions if role is Role.VERIFIER else None,
                        not_concluded=role is Role.EXPERT,
                    )
                    total, oldest = await pipeline.waiting(session, scope)
                    if total and oldest is not None:
                        lines.append(
                            Text(
                                "digest-line",
                                desk=Text(DESK_KEYS[role]),
                                count=total,
                                command=desk_command(role),
                                oldest=oldest.astimezone(self.config.tz).date(),
                            )
                        )
                if lines:
                    self.uow.notify(user_id, Text("digest", lines=lines))
                    written += 1
        return written
