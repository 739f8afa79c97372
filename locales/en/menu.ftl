start-greeting =
    Hello, { $name }!
    This is the official bot of the “100 New Faces of Kazakhstan” project. Here you can nominate yourself or someone you know, and track your nominations.
menu-title = Main menu
menu-nominate = 📝 Nominate
menu-my = 📋 My nominations
menu-about = ℹ️ About
menu-language = 🌐 Language
about-text =
    The “100 New Faces of Kazakhstan” project tells the true stories of our contemporaries who have made a real contribution to the country’s development since independence (1991).

    Anyone can nominate themselves or another person. The secretariat screens each nomination, its facts go through regional verification, the expert group gives its opinion and the working group decides who goes to the public vote. The final list of 100 names is decided by the public vote, with fair representation of the country’s regions and of women and men.

    We are looking for vivid, true success stories of people who are not yet widely known.
help-text =
    What the bot can do:
    /nominate — nominate yourself or another person
    /vote — the public vote, while a voting round is open
    /my — your nominations and their status (you can withdraw a nomination until it goes to the public vote), and nominations naming you that are waiting for your answer
    /language — change the language
    /privacy — your personal data in the bot; withdrawing your consent
    /roles — your staff roles, if you have any
    /cancel — cancel the form and delete its draft
    /start — main menu

    You can leave the form at any time and come back later: what you have entered is saved.
cancel-done = The form has been cancelled and its draft deleted.
cancel-nothing = There is nothing to cancel.
unknown-message = Sorry, we did not understand that. Please choose an option from the menu.
button-stale = This button is out of date. Please use the latest message.
language-choose = Choose a language:
language-set = The bot’s language is now English.
command-start = Main menu
command-nominate = Nominate a person
command-my = My nominations
command-language = Change language
command-help = Help
command-cancel = Cancel the form
menu-vote = 🗳 Public vote
command-vote = Public vote

# An update failed on the bot's side; the person may try again.
error-unexpected = Sorry, something went wrong on our side. Please try again in a minute.

# Staff command menus: each staff member's own menu adds their desks' commands
command-admin = Administration: roles and invitations
command-queue = Secretariat: new nominations
command-verify = Regional verification
command-review = Expert opinions
command-decide = Working group decisions
command-round = Voting rounds
command-plan = Reports on plan items
command-reports = Accept or return reports
command-overview = Plan progress
command-notify = Notifications about new nominations
command-roles = My roles
