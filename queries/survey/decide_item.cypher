// Record the decision on one review item and bump its version; returns the new version.
// $id: the item's id
// $status: uebernommen or abgelehnt
// $user: who decided
// $decision: the decision as JSON text ({"actor": id} or {"new_actor": {...}} or {})
// $now: the time of the decision (UTC)
MATCH (i:ReviewItem {id: $id})
SET i.status = $status, i.decided_by = $user, i.decided_at = $now, i.decision = $decision,
    i.version = i.version + 1, i.updated_at = $now
RETURN i.version AS version
