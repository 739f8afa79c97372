# How the bot writes time: the time zone it counts in.
astana-time = Астана уақытымен
