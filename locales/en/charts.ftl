# The charts: the campaign plan by responsible body and over time; a voting round's proposed
# final list by region against the population, and by gender.
chart-plan-title = Campaign plan: due dates by responsible body
chart-plan-done = Done
chart-plan-pending = Pending
chart-plan-overdue = Overdue
chart-plan-due = Due dates reached
chart-plan-met = Due dates met
chart-plan-by-body = Due dates of each responsible body
chart-plan-over-time = Due dates over time (cumulative)
chart-results-title = Voting round { $round }: proposed final list
chart-results-caption = Voting round { $round }: the proposed final list by region, against each region’s share of the population, and by gender.
chart-results-listed = On the list
chart-results-population = Seats in proportion to population
chart-results-by-region = By region
chart-results-by-gender = By gender
