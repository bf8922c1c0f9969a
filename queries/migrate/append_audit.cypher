// Append entries of another database's audit log unchanged (the log stays append-only: CREATE only).
// $rows: list of {id, at, user, role, action, label, object_id, version, outcome, detail}
UNWIND $rows AS r
CREATE (e:AuditEntry {id: r.id, at: r.at, user: r.user, role: r.role, action: r.action, label: r.label,
                      object_id: r.object_id, version: r.version, outcome: r.outcome, detail: r.detail})
RETURN count(*) AS written
