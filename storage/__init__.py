"""Everything that talks SQL: tables, migrations, the FSM storage and the queries the bot runs."""
