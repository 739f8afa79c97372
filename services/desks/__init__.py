"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each use case checks the person's right again
against the nomination as stored (`domain.pipeline`), makes the change with its audit entry,
and tells the people it concerns through the outbox.

One module per part of the work: `queue` (a desk's list and the next case), `claims` (a
case opened, taken over, let go, recused from; its files), `decisions` (screening and the
working group's decisions, bulk rejection), `verification`, `expertise` (the expert's
conclusion), `digest` (the daily job) and `export`. `cases` is what they share."""

from __future__ import annotations
