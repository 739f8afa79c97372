"""Development tools, run from the project's root (`make texts`); the bot imports none."""
