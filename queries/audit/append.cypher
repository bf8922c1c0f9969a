// Append one entry to the audit log (the log is append-only: no query changes or deletes an entry).
// $id: a random id of the entry
// $at: when (UTC datetime)
// $user: login of the acting person
// $role: role of the acting person ("" if none)
// $action: what was done, e.g. create, update, delete, import, erase
// $label: label of the object ("" if none)
// $object_id: id of the object ("" if none)
// $version: version of the object after the change (-1 if none)
// $outcome: "ok" or "denied"
// $detail: counts only, never field values
CREATE (e:AuditEntry {id: $id, at: $at, user: $user, role: $role, action: $action, label: $label,
                      object_id: $object_id, version: $version, outcome: $outcome, detail: $detail})
RETURN e.id AS id
