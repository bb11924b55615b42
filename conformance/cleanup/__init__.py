"""Nothing outlives nbe: cancelling what runs at Ctrl-C or SIGTERM (cancel), reaping what a check
left behind (orphans, proctable), and a keeper process that kills a dead run's leftovers
(lifeline, lifeline_keeper, which runs as a script and imports nothing of nbe)."""
