"""The Telegram side: handlers, keyboards, callbacks, middlewares, the scheduler."""
