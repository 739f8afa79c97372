vote-not-open = The public vote is not open at the moment. We will announce the next voting round.
vote-scheduled = Voting has not started yet. It opens on { $starts } ({ $tz }).
vote-closed = This voting round is closed.
vote-verify = To vote, confirm your phone number: press “Share my contact” below. One phone number, one voter.
vote-verify-first = Please confirm your phone number first: /vote
vote-contact-not-yours = This is someone else’s contact. Please share your own with the button below.
vote-phone-not-allowed = Only people with phone numbers starting with { $prefixes } can vote.
vote-phone-taken = This phone number is already linked to another Telegram account. One phone number, one voter.
vote-verified = Thank you, your phone number has been confirmed.
vote-card =
    Candidate { $position } of { $total }
    { $name }
    { $region } · { $sphere }

    { $story }
vote-card-votes = Votes: { $count }
vote-mine = You have voted for { $count ->
    [one] { $count } candidate
   *[other] { $count } candidates
}.
vote-mine-limited = You have used { $count } of your { $limit ->
    [one] { $limit } vote
   *[other] { $limit } votes
}.
vote-cast = 🗳 Vote
vote-withdraw = ✅ Voted — withdraw vote
vote-photo = 📷 Photo and link
vote-filter-region = 📍 Region
vote-filter-sphere = 🏷 Field
vote-filter-any-region = All regions
vote-filter-any-sphere = All fields
vote-filter-clear = Show everyone
vote-none-found = No candidates match this filter.
vote-result-counted = Your vote has been counted.
vote-result-already = You have already voted for this candidate.
vote-result-limit = You can vote for at most { $limit ->
    [one] { $limit } candidate
   *[other] { $limit } candidates
}. Withdraw a vote to choose another.
vote-result-withdrawn = Your vote has been withdrawn.
vote-result-not_cast = You have not voted for this candidate.
vote-search = 🔎 Search
vote-view-list = ☰ List
vote-view-cards = 🃏 Cards
vote-search-ask = Type the candidate’s name, or part of it: surname, first name or both, in any order.
vote-search-not-text = Please type the name as text.
vote-search-empty = Please type at least one letter of the name.
vote-search-too-long = Your search is too long: please type at most { $limit ->
    [one] { $limit } character
   *[other] { $limit } characters
}.
vote-search-none = No candidate in this voting round matches “{ $query }”. Check the spelling, or type only part of the name.
vote-search-found = Candidates matching “{ $query }”: { $count }. Choose one by its number.
vote-search-more = Showing the first { $shown }: type more of the name to narrow the search.
vote-search-again = 🔎 Search again
vote-list-title = Candidates { $first }–{ $last } of { $total }. Choose one by its number to open the card and vote.
vote-list-line = { $number }. { $name } — { $region }, { $sphere }
round-new = ➕ Open voting round
round-none = No voting round is running. Candidates put to the public vote: { $candidates }.
round-state-scheduled = Voting round { $round } is scheduled ({ $starts } to { $ends }).
round-state-open = Voting round { $round } is open ({ $starts } to { $ends }).
round-state-closed = Voting round { $round } is closed ({ $starts } to { $ends }). The final list is awaiting approval.
round-results = 📊 Results and proposed list
round-close = ⏹ Close round now
round-close-sure = Close the round now? Voting stops at once.
round-close-confirm = Yes, close it
round-closed-now = The voting round is closed.
round-already-closed = This voting round is already closed.
round-still-open = The results are shown once the voting round is closed.
round-approve = ✅ Approve final list
round-approve-sure = Approve the final list? Every nominator will be notified. This cannot be undone.
round-approve-confirm = Yes, approve
round-already-approved = The final list of this round has already been approved.
round-approved = The final list has been approved: { $selected } of { $total ->
    [one] { $total } candidate
   *[other] { $total } candidates
} selected. Nominators are being notified.
round-no-secret = Voting needs VOTE_SECRET in the settings. Please ask the administrator.
round-ask-window = Send the start and end of the round as DD.MM.YYYY HH:MM – DD.MM.YYYY HH:MM ({ $tz }).
round-window-format = Please write it as DD.MM.YYYY HH:MM – DD.MM.YYYY HH:MM ({ $tz }).
round-window-order = The end time must be after the start time.
round-window-past = That end time has already passed ({ $tz }).
round-conflict-active = Another voting round is already scheduled or still open.
round-conflict-empty = There are no candidates put to the public vote.
round-opened = Voting round { $round } is scheduled ({ $starts } to { $ends }). The published tie-break number: { $seed }.
results-title = Voting round { $round }: { $candidates ->
    [one] { $candidates } candidate
   *[other] { $candidates } candidates
}, { $seats ->
    [one] { $seats } seat
   *[other] { $seats } seats
} on the proposed list. Tie-break number: { $seed }.
results-no-population = No population figures for { $regions }. Regional seats are not allocated without population figures: until they are added to data/regions_kz.csv, the list is drawn up without regional seats.
results-legend = 🏛 regional seat · 🌐 open seat · ⚖️ gender balance
results-makeup-region = By region: seats on the list (estimated seats in proportion to population):
results-makeup-gender = By gender:
results-makeup-ethnicity = By ethnicity:
results-export-caption = Results of voting round { $round }.
results-export-reference = Reference
results-export-name = Full name
results-export-region = Region
results-export-sphere = Field
results-export-gender = Gender
results-export-votes = Votes
results-export-listed = On the final list
results-export-reason = Seat
results-reason-regional = regional
results-reason-open = open
results-reason-gender = gender balance
final-selected = Congratulations! { $name } ({ $reference }) is on the final list of the “100 New Faces of Kazakhstan” project.
final-not-selected = The public vote is over. { $name } ({ $reference }) is not on the final list. Thank you for taking part.
round-closed-auto = Voting round { $round } has reached its end time and is closed. Results: /round
