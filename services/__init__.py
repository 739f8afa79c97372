"""The service layer: the use cases, one module per feature. Each public function takes the
unit of work, applies the domain's rules, owns the transaction, and returns plain results for
the bot to render. Nothing here imports aiogram."""
