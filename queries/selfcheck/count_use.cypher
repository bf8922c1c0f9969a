// Record one use of a self-check link: the counters of its rate-limit window and its totals.
// $id: the link id (hash of the token)
// $now: the time of the use (UTC)
// $window_start: start of the current one-hour window
// $window_views: page views in the window after this use
// $window_submissions: submissions in the window after this use
// $uses: page views in total after this use
// $submissions: submissions in total after this use
MATCH (l:SelfCheckLink {id: $id})
SET l.window_start = $window_start, l.window_views = $window_views, l.window_submissions = $window_submissions,
    l.uses = $uses, l.submissions = $submissions, l.last_used_at = $now, l.updated_at = $now,
    l.version = coalesce(l.version, 0) + 1
RETURN l.version AS version
