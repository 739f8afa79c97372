receipts-code = Receipt: { $code }.
receipts-void = Its receipt is no longer valid.
receipts-button = 🧾 My receipts
receipts-title = Your receipts in voting round { $round }, one for each vote. Keep them: when the results are published, you can find each code there and check that your vote was counted.
receipts-none = You have not voted in voting round { $round }, so you have no receipts.
receipts-off = Receipts are not issued in this vote.
