"""Refusals: a use case that will not do what was asked raises one, and nothing it began is
kept (its transaction rolls back). One error handler (`bot.handlers.errors`) tells the person
why, in their language: an alert on a button, a message otherwise."""

from __future__ import annotations

from services.texts import Text


class Refusal(Exception):
    """Why nothing happened, as a text: `raise Refusal(Text("case-moved"))`."""

    quiet = False
    # The thing asked about is gone for good (moved on, closed, taken): the button pressed is
    # taken off its message, and a step of the conversation that waited for it ends.
    final = False

    def __init__(self, text: Text) -> None:
        super().__init__(text.key)
        self.text = text


class Gone(Refusal):
    """A refusal that is final (see `Refusal.final`)."""

    final = True


class Forged(Refusal):
    """Data no button of ours ever carried (or a button of someone else's): refused quietly,
    the press answered and nothing said."""

    quiet = True

    def __init__(self) -> None:
        super().__init__(Text("no-access"))
