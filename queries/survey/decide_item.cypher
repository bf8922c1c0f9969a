// Record the decision on one review item and bump its version; returns the new version.
// $id: the item's id
// $status: uebernommen or abgelehnt
// $user: who decided
// $decision: the decision as JSON text ({"actor": id} or {"new_actor": {...}} or {})
// $fields: the item's fields as JSON text from now on (contact data is cleared once decided), or null to keep
// $person: the contact person the item is about from now on, or null to keep
// $now: the time of the decision (UTC)
MATCH (i:ReviewItem {id: $id})
SET i.status = $status, i.decided_by = $user, i.decided_at = $now, i.decision = $decision,
    i.fields = coalesce($fields, i.fields), i.person = coalesce($person, i.person),
    i.version = i.version + 1, i.updated_at = $now
RETURN i.version AS version
