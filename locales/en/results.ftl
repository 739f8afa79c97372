# The published board of a closed voting round (the results page), and the audit log's head
# as posted to the public channel.
board-page-title = Results of voting round { $round }
board-language = Language
board-summary = The round in figures
board-closed = Closed (UTC)
board-voters = Verified voters
board-ballots = Votes counted
board-candidates = Candidates
board-seed = Published number for drawing lots
board-rule = How the final list is made up
board-rule-text = { $seats ->
        [one] { $seats } seat
       *[other] { $seats } seats
    }; at least { $share } per cent of each gender.
board-rule-regional = Seats are first allocated to the regions in proportion to population.
board-receipts-board = Under each candidate are the receipt codes of the votes counted for them: a voter can check that their vote was counted for the candidate they chose. Anyone who sees a voter’s code can tell how that voter voted.
board-receipts-inclusion = The receipt codes are listed without candidates: a voter can check that their vote was counted and anyone can check the totals, but nobody can prove how they voted.
board-receipts-off = Receipt codes are not published for this round.
board-table = Votes per candidate
board-col-place = No.
board-col-candidate = Candidate
board-col-votes = Votes
board-col-chart = Share of votes
board-search = Check your receipt
board-search-label = Receipt code
board-search-button = Check
board-search-found = This receipt is on the list: the vote has been counted.
board-search-for = Candidate:
board-search-missing = This receipt is not on the list. Type the code exactly as the bot showed it.
board-search-empty = Type your receipt code.
board-audit = Audit log
board-audit-entry = Log entry that records the results
board-audit-head = Log hash when the round closed
board-hash = SHA-256 hash of the results
board-files = The results as files
board-verify = Anyone can recount the results from these files and check them against the audit log with the command below.
board-published-staff = The results page of voting round { $round } has been published: { $url }
board-published-voter = The results of voting round { $round } have been published. To check that your vote was counted, type your receipt code on the results page.
board-check-button = Check my vote
audit-head-post = Audit log on { $date }: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }. The hash of the last one:
    { $head }
