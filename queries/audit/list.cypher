// The newest entries of the audit log, newest first.
// $limit: how many entries at most
MATCH (e:AuditEntry)
RETURN e.id AS id, e.at AS at, e.user AS user, e.role AS role, e.action AS action, e.label AS label,
       e.object_id AS object_id, e.version AS version, e.outcome AS outcome, e.detail AS detail
ORDER BY at DESC, id
LIMIT $limit
