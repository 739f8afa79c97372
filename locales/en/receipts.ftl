receipts-code = Receipt: { $code }.
receipts-void = The receipt for that vote is no longer valid.
receipts-button = 🧾 My receipts
receipts-title = Your receipts in voting round { $round }, one for each vote. Keep them: when the results are published, you will be able to find each code there and check that your vote was counted.
receipts-none = You have not voted in voting round { $round }, so you have no receipts.
receipts-off = Receipts are not issued in this voting round.
