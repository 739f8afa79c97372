# The published board of a closed voting round (the results page), and the audit log's head
# as posted to the public channel.
board-page-title = Results of voting round { $round }
board-language = Language
board-summary = The round in figures
board-closed = Closed (UTC)
board-voters = Verified voters
board-ballots = Ballots counted
board-candidates = Candidates
board-seed = Published number for drawing lots
board-rule = Rule of the final list
board-rule-text = { $seats ->
        [one] { $seats } seat
       *[other] { $seats } seats
    }; at least { $share } per cent of each gender.
board-rule-regional = Seats are first shared among the regions in proportion to their population.
board-receipts-board = Under each candidate are the receipt codes of the ballots counted for them: a voter can check that their ballot was counted for the candidate they chose. Whoever sees a voter's code learns that voter's choice.
board-receipts-inclusion = The receipt codes are listed without candidates: a voter can check that their ballot was counted, and anyone can check the totals, but nobody can prove how they voted.
board-receipts-off = Receipt codes are not published for this round.
board-table = Votes per candidate
board-col-place = No.
board-col-candidate = Candidate
board-col-votes = Votes
board-col-chart = Share of ballots
board-search = Check your receipt
board-search-label = Receipt code
board-search-button = Check
board-search-found = This receipt is on the board: the ballot was counted.
board-search-for = Candidate:
board-search-missing = There is no such receipt on the board. Type the code exactly as the bot showed it.
board-search-empty = Type your receipt code.
board-audit = Audit log
board-audit-entry = Entry that records the board
board-audit-head = Hash of the log at close
board-hash = SHA-256 of the board
board-files = The board as files
board-verify = Anyone can recount the board from these files and check it against the audit log with the command below.
board-published-staff = The results page of voting round { $round } is published: { $url }
board-published-voter = The results of voting round { $round } are published. To check that your ballot was counted, type your receipt code on the page.
board-check-button = Check my vote
audit-head-post = Audit log on { $date }: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }. The hash of the last one:
    { $head }
