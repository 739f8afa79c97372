# Invitations to a role: taken with one's own contact, listed and cancelled by admins; and
# the conflicts of interest a verified phone makes visible.
invite-share-contact =
    You have been invited to the role “{ $role }”. To accept, share your own contact with the button below. We keep your verified phone number so that nominations you made, or that name you, never reach you for review. A typed number cannot be accepted.
invite-contact-expected = To accept the role, share your own contact with the button below. A typed number cannot be accepted. To leave, send /cancel.
invite-contact-not-yours = This is not your own contact. Please share your own with the button below.
invite-phone-invalid = The phone number of this contact could not be read. Please share your own contact with the button below.
invite-cancelled-link = This invitation link has been cancelled. Please ask an administrator for a new one.
invite-dead-link = This invitation link is no longer valid: the person who made it can no longer invite. Please ask an administrator for a new one.
invite-used = { $name } has accepted your invitation to the role “{ $role }”.
invite-used-scoped = { $name } has accepted your invitation to the role “{ $role }” ({ $where }).
admin-invites = 📨 Open invitations
command-invites = Open invitation links
invites-none = There are no open invitation links.
invites-title = Open invitation links: { $count }
invites-line = { $number }. { $role } — made by { $maker }, valid until { $expires } ({ $tz })
invites-cancel = ✖️ { $number }
invites-cancel-ask = Cancel the invitation link to the role “{ $role }” made by { $maker }? Nobody will be able to use it.
invites-cancel-confirm = ✖️ Yes, cancel it
invites-cancel-keep = Keep it
invites-cancelled = The invitation link has been cancelled.
invite-gone = This invitation link has already been used or cancelled, or it has expired.
round-close-own = You cannot close this voting round early: you are one of its candidates, or you nominated one of them.
round-approve-own = You cannot approve the final list of this voting round: you are one of its candidates, or you nominated one of them. Another member of the working group can approve it.
