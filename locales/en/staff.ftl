no-access = You do not have access to this.
role-admin = Administrator
role-secretariat = Secretariat
role-verifier = Regional verifier
role-expert = Expert
role-wg = Working group
role-official = Official
role-coordinator = Coordinator
role-admin-can = invites people to roles, revokes roles, exports data — /admin
role-secretariat-can = screens new nominations, sends them to regional verification or rejects them, exports the list — /queue
role-verifier-can = checks facts about candidates from their regions — /verify
role-expert-can = scores candidates and writes expert opinions — /review
role-wg-can = decides which candidates go to the public vote, runs the voting rounds and approves the final list — /decide, /round
role-official-can = reports on the campaign plan items their organisation is responsible for — /plan
role-coordinator-can = monitors the campaign plan, accepts or returns reports — /reports, /overview
roles-none = You have no staff role. You can nominate people and track your nominations.
roles-title = Your roles:
invitation-accepted = Invitation accepted. You now have this role:
invitation-unknown = This invitation link is not valid.
invitation-used = This invitation link has already been used.
invitation-expired = This invitation link has expired. Please ask the administrator for a new one.
invitation-held = You already have this role.
admin-title = Administration
admin-invite = ➕ Invite to role
admin-people = 👥 People by role
admin-invite-which = Which role is the invitation for?
admin-people-which = Which role do you want to see people for?
admin-invite-scope-verifier = Which region will the verifier check?
admin-invite-link =
    A one-time invitation to the role “{ $role }”. Send it to the person you are inviting. It is valid until { $expires } ({ $tz }).
    { $link }
admin-people-none = Nobody holds the role “{ $role }”.
admin-people-title = People with the role “{ $role }”:
admin-revoke = ✖️ { $number }
admin-revoke-ask = Revoke the “{ $role }” role from { $name } (id { $id })? They will be notified.
admin-revoke-confirm = ✖️ Yes, revoke
admin-revoke-keep = Keep it
admin-revoked = The role has been revoked.
role-revoked = An administrator has revoked your role “{ $role }” in the bot.
status-changed = Your nomination { $reference } ({ $name }) has a new status: { $status }.
queue-arrived = A nomination has reached your queue: { $reference } — { $name }. Open it: { $command }
desk-secretariat = New nominations
desk-verifier = Regional verification
desk-expert = Expert opinions
desk-wg = Working group decision
desk-empty = “{ $desk }”: the queue is empty.
desk-title = “{ $desk }”: { $count } waiting. Page { $page } of { $pages }.
desk-export = ⬇️ Export { $format }
case-title = { $reference } · { $status }
case-facts = Fact-checking:
verdict-ok = confirmed
verdict-no = not confirmed
verdict-docs = documents needed
verdict-none = not checked yet
case-conclusions = Expert opinions ({ $count }):
case-conclusion =
    { $number }. { $scores }
    Recommendation: { $recommend }
    { $motivation }
case-averages = Average scores: { $scores }. Recommended by { $recommended } of { $count }.
criterion-contribution = Contribution
criterion-story = Story
criterion-independence = Years of independence
criterion-not_famous = Not yet widely known
criterion-contribution-long = the contribution to the country’s development
criterion-story-long = how vivid and unique the success story is
criterion-independence-long = whether the contribution was made since independence (1991)
criterion-not_famous-long = how little known the candidate is
recommend-yes = ✅ Recommend for inclusion
recommend-no = ❌ Do not recommend
decide-verify = 🔎 Send for verification
decide-reject = ✖️ Reject
decide-to_vote = 🗳 Put to public vote
decide-wg_reject = ✖️ Reject
decide-confirm = Yes, reject
decide-cancel = No, go back
decide-done = Done
case-files = 📎 Files
case-back = ⬅️ Back to queue
case-proof-of = Proof of achievement { $number }
case-no-files = This nomination has no files.
case-moved = This nomination has moved to another stage or is not yours to handle.
verify-complete = ✔️ Complete verification
verify-no-comment = No comment
verify-comment = Achievement { $number }: { $verdict }. Write a comment, or press “No comment”.
verify-incomplete = Every achievement needs a verdict, “confirmed” or “not confirmed”, before the verification can be completed.
verify-done-confirmed = Verification complete: all facts are confirmed and the nomination has gone to the expert group.
verify-done-failed = Verification complete: some facts could not be confirmed and the nomination has gone back to the secretariat.
expert-start = 📝 Write opinion
expert-already = You have already written an opinion on this nomination.
expert-score = Score from 1 to 5: { $criterion }.
expert-motivation = Write your expert opinion with its reasons, from { $min } to { $max ->
    [one] { $max } character
   *[other] { $max } characters
}.
expert-saved = The opinion has been saved. Opinions on this nomination: { $count } of { $required }.
staff-expect-text = Please answer with text, or send /cancel.
export-caption = Nominations: { $count }.
export-reference = Reference
export-status = Status
export-submitted = Submitted
export-full_name = Full name
export-birth_date = Date of birth
export-gender = Gender
export-region = Region
export-settlement = City, town or village
export-ethnicity = Ethnicity
export-occupation = Occupation
export-sphere = Field
export-source = Nominated by
export-self = Self-nomination
export-nominator = Nominator
export-nominator_phone = Nominator’s phone
export-relation = Relationship to candidate
export-contact_phone = Contact phone
export-achievements = Achievements
export-story = Success story
export-consent = Consent (version, time)
export-yes = yes
export-no = no
digest =
    Daily summary: nominations waiting for you
    { $lines }
digest-line = “{ $desk }”: { $count } — { $command } (oldest submitted on { $oldest })

# Staff notifications: a message per case reaching one's desks, only for who asked (/notify)
case-notices-on = Notifications about new nominations are on: we will notify you straight away about each nomination that reaches your queue. You will still get the daily summary.
case-notices-off = Notifications about new nominations are off: the daily summary tells you what is waiting in your queue. To hear about each nomination straight away, turn notifications on.
case-notices-turn-on = 🔔 Turn notifications on
case-notices-turn-off = 🔕 Turn notifications off

## The desks' lists at scale: search, filters, claims, conflicts of interest, bulk rejection
desk-held-by = being worked on by { $name }
desk-next = ▶️ Next nomination
desk-search = 🔎 Search
desk-filters = ⚙️ Filters
desk-clear = ✖️ Clear search and filters
desk-select = ☑️ Select nominations
desk-select-done = ✖️ Stop selecting
bulk-reject-selected = 🗑 Reject selected
bulk-reject-all = 🗑 Reject all listed
desk-none-match = “{ $desk }”: no nomination matches the search and filters.
desk-by-status = By status: { $counts }
desk-by-region = By region: { $counts }
desk-select-hint = Press nominations to select them (selected: { $count }), then reject them as duplicates or spam.
desk-ask-search = Type a reference (000123 or 100-2026-000123), a phone number or a name, in any word order.
desk-ask-page = Type the number of the page to go to.
desk-next-none = Everything left in this list is being worked on by someone else.
desk-filters-title = Narrow the list. Filters combine with each other and with the search, and stay while you turn the pages.
filter-status = Status
filter-region = Region
filter-sphere = Field
filter-source = Nominated by
filter-period = Submitted
filter-search = Search
filter-any = All
desk-pick = { $filter }: choose one.
desk-ask-period = Type a date range, for example 01.11.2026 – 30.11.2026, or a single date to see nominations submitted on or after it.
case-yours = You are working on this nomination. It stays assigned to you for another { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} unless you decide on it or release it.
case-held = { $name } is working on this nomination (for up to { $minutes ->
    [one] { $minutes } more minute
   *[other] { $minutes } more minutes
}). You can read it; to act on it, take it over.
case-take-over = ✋ Take over
case-release = ↩️ Release
case-recuse = ⚖️ Conflict of interest
case-released = The nomination has been released: other staff can now take it.
case-recuse-confirm = ⚖️ Yes, I have a conflict
case-recuse-ask = Do you have a conflict of interest with this nomination (a relative, a colleague, a personal interest)? If you confirm, the nomination will leave your queues for good and the audit log will record it.
case-recused = Conflict of interest recorded: nomination { $reference } has left your queues.
reason-duplicate = Duplicate
reason-spam = Spam
bulk-reason-ask = Why are these nominations being rejected?
bulk-too-many = Nominations that match: { $count }. At most { $most } can be rejected at once: narrow the list with a search or filters.
bulk-none = No nomination is selected.
bulk-confirm = 🗑 Yes, reject ({ $count })
bulk-confirm-ask = Reject these nominations as “{ $reason }”? Nominations: { $count }. Each nominator will be notified that their nomination was not accepted, and each rejection will be recorded in the audit log.
bulk-changed = The list changed while you were confirming (a colleague acted on some of these nominations). Nothing has been rejected: look at the list and try again.
bulk-done = Nominations rejected: { $count }. Their nominators have been notified.
case-conflict = You cannot act on this nomination: you submitted it, it names you or you declared a conflict of interest with it.
case-claimed = Another staff member is working on this nomination. Open it to see who; to act on it, take it over.
desk-error-search = Type a few letters of a name, a reference or a phone number.
desk-error-page = Type a page number: 1, 2, 3…
desk-error-period = Type one or two dates, for example 01.11.2026 – 30.11.2026.
case-taken-over = Nomination { $reference } ({ $name }), which you were working on, has been taken over by { $by }.

# The verifier's card, document requests and the expert's card
case-documents = Documents from the nominator: { $count }. Press “📎 Files” to view them.
case-docs-waiting = waiting for the nominator’s documents
case-docs-received = documents received: { $count }
docs-arrived = The nominator has sent documents for achievement { $number } of nomination { $reference } ({ $name }). Files: { $count }. Open the nomination: { $command }
expert-card-title = Expert opinion on nomination { $reference } — { $name }
expert-card-motivation = Opinion: { $text }
expert-card-no-motivation = Opinion: not written yet
expert-card-recommendation = Recommendation: { $recommend }
expert-card-no-recommendation = Recommendation: not chosen yet
expert-card-hint = Score each criterion from 1 to 5 (press a criterion’s name to see what it measures), write the opinion and choose a recommendation, then submit. Until you submit, you can change anything.
expert-card-write = ✍️ Write opinion
expert-card-rewrite = ✍️ Rewrite opinion
expert-card-submit = 📨 Submit opinion
expert-card-incomplete = The opinion is not complete yet. Still missing: { $missing }.
expert-card-missing-motivation = the text of the opinion
expert-card-missing-recommendation = the recommendation
expert-card-use-buttons = Please use the buttons on the opinion card. To write its text, press “✍️ Write opinion”.
stage-new = new
stage-returned = back from verification
