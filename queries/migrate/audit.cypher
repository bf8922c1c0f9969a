// Every entry of the audit log with all its fields, oldest first (for moving to another database).
MATCH (e:AuditEntry)
RETURN e.id AS id, e.at AS at, e.user AS user, e.role AS role, e.action AS action, e.label AS label,
       e.object_id AS object_id, e.version AS version, e.outcome AS outcome, e.detail AS detail
ORDER BY at, id
